// Small text helpers: errors as the sentences a workflow log shows, and text made safe for the job summary's HTML.

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Ends the text with a full stop unless it already ends a sentence (or a parenthesis). */
export function asSentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`
}

/** Text as the job summary's HTML shows it (the summary is HTML: `<` and `&` in a message must not become markup). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
