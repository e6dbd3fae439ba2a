// @ts-check
// Output formatting: stdout/stderr (captured for the call log), colours, render.JSON, render.Table, relative times.
// aurora (used directly by render.NewTable titles and appconfig.Validate) colours even without a TTY;
// iostreams.ColorScheme colours are off without a TTY, so those texts are printed plain.
/** @param {string} s */
export const bold = s => `\x1b[1m${s}\x1b[0m`
/** @param {string} s */
export const green = s => `\x1b[32m${s}\x1b[0m`
/** @param {string} s */
export const red = s => `\x1b[31m${s}\x1b[0m`
/** @param {string} s */
export const yellow = s => `\x1b[33m${s}\x1b[0m`

export const captured = { stdout: '', stderr: '' }
/** @param {string} text */
export function out(text) {
  process.stdout.write(text)
  captured.stdout += text
}
/** @param {string} text */
export function errOut(text) {
  process.stderr.write(text)
  captured.stderr += text
}

/**
 * Go's encoding/json escapes <, > and & (SetEscapeHTML defaults to true).
 * @param {string} json
 */
export function goEscape(json) {
  return json.replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
/**
 * render.JSON: json.Encoder with 4-space indent and a trailing newline.
 * @param {unknown} value
 */
export function renderJson(value) {
  out(`${goEscape(JSON.stringify(value, null, 4))}\n`)
}

/**
 * render.Table (olekukonko/tablewriter v1, borders and header line off, headers upper-cased).
 * @param {(string | number)[][]} rows
 * @param {string[]} headers
 */
export function renderTable(rows, headers, title = '') {
  let text = title ? `${bold(title)}\n` : ''
  const all = headers.length ? [headers.map(h => h.toUpperCase()), ...rows] : rows
  const widths = all.reduce((/** @type {number[]} */ w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...String(cell)].length)), [])
  for (const row of all) text += `${row.map((cell, i) => ` ${String(cell)}${' '.repeat(widths[i] - [...String(cell)].length)} `).join('│')}\n`
  out(`${text}\n`)
}

/**
 * format.RelativeTime
 * @param {string} iso
 */
export function relativeTime(iso) {
  const t = Date.parse(iso)
  const secs = (Date.now() - t) / 1000
  if (secs < 1) return 'just now'
  if (secs < 60) return `${Math.floor(secs)}s ago`
  if (secs < 3600) return `${Math.floor(secs / 60)}m${Math.floor(secs % 60)}s ago`
  if (secs < 86400) return `${Math.floor(secs / 3600)}h${Math.floor((secs % 3600) / 60)}m ago`
  const d = new Date(t)
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
  return `${mon} ${d.getUTCDate()} ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
