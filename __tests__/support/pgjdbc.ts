// How pgjdbc reads a JDBC URL, for tests of the `jdbc-url` output (no JVM here).

/**
 * pgjdbc's documented reading of `jdbc:postgresql://host:port/database?key=value&...` (org.postgresql.Driver.parseURL):
 * the database is URL-decoded, the query split on `&` and each pair on its first `=`, keys and values decoded as
 * java.net.URLDecoder does (`+` is a space, `%XX` are UTF-8 bytes; a stray `%` is an error, so the URL is refused).
 */
export function parseJdbc(url: string): { host: string; port: number; database: string; properties: Record<string, string> } {
  const match = /^jdbc:postgresql:\/\/(\[[^\]]+\]|[^:/?]+):(\d+)\/([^?]*)(?:\?(.*))?$/.exec(url)
  if (!match) throw new Error(`not a pgjdbc URL: ${url}`)
  const decode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '))
  const properties: Record<string, string> = {}
  for (const pair of (match[4] ?? '').split('&').filter(Boolean)) {
    const at = pair.indexOf('=')
    properties[decode(at < 0 ? pair : pair.slice(0, at))] = at < 0 ? '' : decode(pair.slice(at + 1))
  }
  return { host: match[1], port: Number(match[2]), database: decode(match[3]), properties }
}
