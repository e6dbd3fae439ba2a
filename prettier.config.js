// The style the code is written in. printWidth 160 is the width that changes the fewest existing lines (measured
// with `prettier --write` and `git diff --shortstat` at 120 to 180); shorter widths rewrap thousands of them.
export default {
  printWidth: 160,
  semi: false,
  singleQuote: true,
  arrowParens: 'avoid',
  trailingComma: 'none'
}
