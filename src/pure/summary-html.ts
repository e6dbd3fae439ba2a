// The job summary's HTML as a plain string, in the markup core.summary writes (same tags, a line end after each
// block), so what a run reports can be built and tested without writing a file. Content is HTML: escape text first.
import { EOL } from 'node:os'

/** As core.summary wraps: an empty element is written as its opening tag alone. */
function wrap(tag: string, content: string): string {
  return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`
}

export function heading(html: string, level: 2 | 3): string {
  return wrap(`h${level}`, html) + EOL
}

export function paragraph(html: string): string {
  return wrap('p', html) + EOL
}

export function list(items: string[]): string {
  return wrap('ul', items.map(item => wrap('li', item)).join('')) + EOL
}

/** The two-column table every summary has: what was looked at, and what came of it. */
export function resultTable(rows: Array<[string, string]>): string {
  return table(['What', 'Result'], rows)
}

/** A table with a header row; cells are HTML. */
export function table(headers: string[], rows: string[][]): string {
  const header = wrap('tr', headers.map(cell => wrap('th', cell)).join(''))
  return wrap('table', header + rows.map(cells => wrap('tr', cells.map(cell => wrap('td', cell)).join(''))).join('')) + EOL
}

/**
 * Our messages as summary HTML: escaped, with their `code` spans as <code> (GitHub renders no markdown inside an
 * HTML block, so backticks would show as they are).
 */
export function textHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

/** The line a failed or stopped run opens its summary with. */
export function failureParagraph(message: string): string {
  return paragraph(`❌ ${textHtml(message)}`)
}

/** Text as the job summary's HTML shows it (the summary is HTML: `<` and `&` in a message must not become markup). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
