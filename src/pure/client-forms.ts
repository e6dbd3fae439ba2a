// The verified connection in the forms other clients take: a JDBC URL (pgjdbc) and libpq's PG* variables.

/** What the TLS check connected to and as whom: every form below names exactly this. */
export interface VerifiedEndpoint {
  host: string
  port: number
  database: string
  user: string
  password: string
  /** The output URL's sslmode; `no-verify` is node-postgres's own spelling. */
  sslmode: string
}

/** libpq and pgjdbc know no `no-verify`: its meaning there (encrypted, certificate not checked) is `require`. */
export function standardSslmode(sslmode: string): string {
  return sslmode === 'no-verify' ? 'require' : sslmode
}

/** A host as it stands in a URL: IPv6 literals in brackets. */
const urlHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)

/** `application/x-www-form-urlencoded`: how pgjdbc decodes the query (java.net.URLDecoder: `+` is a space). */
export const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2)

/**
 * `jdbc:postgresql://host:port/db?sslmode=..&user=..&password=..`: pgjdbc takes neither `postgres://` nor
 * `user:password@`, so the credentials go in the query (pgjdbc Driver.parseURL, URLCoder.decode on each value).
 */
export function jdbcUrl(endpoint: VerifiedEndpoint): string {
  const query = new URLSearchParams({ sslmode: standardSslmode(endpoint.sslmode), user: endpoint.user, password: endpoint.password })
  return `jdbc:postgresql://${urlHost(endpoint.host)}:${endpoint.port}/${encodeURIComponent(endpoint.database)}?${query.toString()}`
}

/** The variables libpq reads (psql, pg_dump, pg_restore and most migration tools need no arguments then). */
export function libpqEnvironment(endpoint: VerifiedEndpoint): Record<string, string> {
  return {
    PGHOST: endpoint.host.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: String(endpoint.port),
    PGDATABASE: endpoint.database,
    PGUSER: endpoint.user,
    PGPASSWORD: endpoint.password,
    PGSSLMODE: standardSslmode(endpoint.sslmode)
  }
}
