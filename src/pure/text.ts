// Small text helpers: errors as the sentences a workflow log shows.

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Ends the text with a full stop unless it already ends a sentence (or a parenthesis). */
export function asSentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`
}

/** A duration as the log says it: `1.5 s`. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

/** fly-go wraps API errors as `failed to run <whole GraphQL query>: <message>`: keep only the message. */
export function withoutGraphqlQuery(message: string): string {
  const wrapped = message.match(/^failed to run (?:query|mutation)\b[\s\S]*\}\s*:\s*(.+)$/)
  return wrapped ? `Fly API: ${wrapped[1]}` : message
}
