// Connection strings: parse the internal one, build the external one, list every form a secret can take.

export interface Credentials {
  user: string
  password: string
  database: string
}

/** A database-url that cannot be read; inputs.ts reports it as an InputError with the same message. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError'
}

/**
 * Reads user, password and database from an internal URL such as
 * `postgres://postgres:pw@my-db.flycast:5432/postgres`. Never echoes the URL: it holds a password.
 */
export function parseDatabaseUrl(raw: string): { url: URL; credentials: Credentials } {
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
  return { url, credentials }
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

/** The internal URL with only host, port and sslmode changed: user, password, database and other parameters stay. */
export function externalUrl(internal: URL, host: string, port: number, sslmode: string): string {
  const url = new URL(internal.href)
  url.hostname = host
  url.port = String(port)
  url.searchParams.set('sslmode', sslmode)
  return url.href
}

/** The URL as the job summary shows it: the password replaced by `***`. */
export function redactedUrl(url: string): string {
  const copy = new URL(url)
  if (copy.password) copy.password = '***'
  return copy.href
}

/** Every spelling of a password that could reach a log: raw, as the URL holds it, and fully encoded. */
export function passwordForms(password: string, asInUrl?: string): string[] {
  const forms = new Set([password, encodeURIComponent(password), encodeURI(password)])
  if (asInUrl) forms.add(asInUrl)
  return [...forms].filter(form => form.length > 0)
}
