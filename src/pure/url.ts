// Connection strings: parse the internal one, build the external one, list every form a secret can take.
import { formEncode } from './client-forms.js'

export interface Credentials {
  user: string
  password: string
  database: string
}

/** A database-url that cannot be read; inputs.ts reports it as an InputError with the same message. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError'
}

// Query parameters libpq and node-postgres let override the URL's own parts: the output would name another server,
// role or database than the one verified.
const OVERRIDING_PARAMETERS = ['host', 'hostaddr', 'port', 'user', 'dbname', 'password']

/**
 * Reads user, password and database from an internal URL such as
 * `postgres://postgres:pw@my-db.flycast:5432/postgres`, and its own `sslmode` (the last one, as libpq reads it).
 * The URL returned names the user and database verified even when the given one left them empty: libpq would
 * otherwise use the OS user (and the user's name as the database). Never echoes the URL: it holds a password.
 */
export function parseDatabaseUrl(raw: string): { url: URL; credentials: Credentials; sslmode?: string } {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new DatabaseUrlError(
      'database-url is not a valid URL. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE (the string `fly pg create` printed).'
    )
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(`database-url must start with postgres:// or postgresql://, not ${url.protocol}//.`)
  }
  if (!url.hostname) {
    throw new DatabaseUrlError('database-url has no host. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE.')
  }
  if (!url.password) {
    throw new DatabaseUrlError('database-url has no password. Use the full string `fly pg create` printed, or pass username and password instead.')
  }
  const credentials = {
    user: decodeComponent(url.username, 'user name') || 'postgres',
    password: decodeComponent(url.password, 'password'),
    database: decodeComponent(url.pathname.replace(/^\//, ''), 'database name') || 'postgres'
  }
  const parameters = queryPairs(url.search)
  const overriding = parameters.find(pair => OVERRIDING_PARAMETERS.includes(pair.key))
  if (overriding) {
    throw new DatabaseUrlError(
      `database-url sets \`${overriding.key}\` in its query, which would override the URL's own host, port, user or database: remove it (the action verifies and writes the URL's own parts).`
    )
  }
  if (!url.username) url.username = encodeURIComponent(credentials.user)
  if (url.pathname === '' || url.pathname === '/') url.pathname = `/${encodeURIComponent(credentials.database)}`
  const sslmode = parameters.filter(pair => pair.key === 'sslmode').pop()?.value
  return { url, credentials, sslmode }
}

/** The query's `key=value` pairs as libpq reads them (only %XX decoded), each with its text as written. */
function queryPairs(search: string): { text: string; key: string; value: string }[] {
  if (search.length <= 1) return []
  return search
    .slice(1)
    .split('&')
    .map(text => {
      const [key, ...value] = text.split('=')
      return { text, key: decodeLeniently(key), value: decodeLeniently(value.join('=')) }
    })
}

function decodeLeniently(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function decodeComponent(value: string, what: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new DatabaseUrlError(`database-url has a malformed percent-encoding in its ${what}.`)
  }
}

/** Builds `postgres://user:pass@host:5432/db` from separate inputs, percent-encoding each part. */
export function urlFromCredentials(credentials: Credentials): URL {
  const { user, password, database } = credentials
  return new URL(`postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:5432/${encodeURIComponent(database)}`)
}

/**
 * The internal URL with only host, port and sslmode changed: user, password, database and every other query
 * parameter stay as written. `host` is bare (as pg takes it): an IPv6 address gets its brackets here.
 */
export function externalUrl(internal: URL, host: string, port: number, sslmode: string): string {
  const userinfo = internal.password ? `${internal.username}:${internal.password}` : internal.username
  const hostPart = host.includes(':') ? `[${host}]` : host
  // Built as text, not through the URL setters: they ignore a host they cannot take, and searchParams re-encodes
  // the whole query as a form (a space as +, which libpq reads as a plus).
  return new URL(`${internal.protocol}//${userinfo}@${hostPart}:${port}${internal.pathname}${withSslmode(internal.search, sslmode)}${internal.hash}`).href
}

/** The query with its (first) sslmode pair replaced, or one added at the end; every other pair byte for byte. */
function withSslmode(search: string, sslmode: string): string {
  let replaced = false
  const pairs = queryPairs(search).flatMap(pair => {
    if (pair.key !== 'sslmode') return [pair.text]
    if (replaced) return []
    replaced = true
    return [`sslmode=${sslmode}`]
  })
  if (!replaced) pairs.push(`sslmode=${sslmode}`)
  return `?${pairs.join('&')}`
}

/** The URL as the job summary shows it: the password replaced by `***`. */
export function redactedUrl(url: string): string {
  const copy = new URL(url)
  if (copy.password) copy.password = '***'
  return copy.href
}

/** Every spelling of a password that could reach a log: raw, as the URL holds it, fully encoded and form-encoded. */
export function passwordForms(password: string, asInUrl?: string): string[] {
  // Form-encoded too: the JDBC URL holds it so (`+` for a space).
  const forms = new Set([password, encodeURIComponent(password), encodeURI(password), formEncode(password)])
  if (asInUrl) forms.add(asInUrl)
  return [...forms].filter(form => form.length > 0)
}
