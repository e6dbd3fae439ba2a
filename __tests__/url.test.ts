import { describe, expect, it } from '@jest/globals'
import { externalUrl, parseDatabaseUrl, passwordForms, redactedUrl, urlFromCredentials } from '../src/pure/url.js'

describe('connection strings', () => {
  it('swaps only host, port and sslmode', () => {
    const { url } = parseDatabaseUrl('postgres://postgres:s3cr%2Ft%40x@my-db.flycast:5432/app_db?application_name=ci')
    expect(externalUrl(url, 'my-db.fly.dev', 5432, 'require')).toBe(
      'postgres://postgres:s3cr%2Ft%40x@my-db.fly.dev:5432/app_db?application_name=ci&sslmode=require'
    )
  })

  it('replaces an sslmode the internal URL already had', () => {
    const { url } = parseDatabaseUrl('postgresql://u:p@my-db.internal:5432/db?sslmode=disable')
    expect(externalUrl(url, 'db.example.com', 15432, 'verify-full')).toBe('postgresql://u:p@db.example.com:15432/db?sslmode=verify-full')
  })

  it('decodes credentials and defaults the database', () => {
    const { credentials } = parseDatabaseUrl('postgres://postgres:p%40ss%20w%2Frd@my-db.flycast:5432')
    expect(credentials).toEqual({ user: 'postgres', password: 'p@ss w/rd', database: 'postgres' })
  })

  it('encodes every part when built from separate inputs', () => {
    const url = urlFromCredentials({ user: 'app user', password: 'p@ss:w/rd#?%', database: 'my db' })
    expect(url.username).toBe('app%20user')
    expect(parseDatabaseUrl(url.href).credentials).toEqual({ user: 'app user', password: 'p@ss:w/rd#?%', database: 'my db' })
  })

  it('redacts the password for the summary', () => {
    expect(redactedUrl('postgres://u:secret@h:5432/db?sslmode=require')).toBe('postgres://u:***@h:5432/db?sslmode=require')
  })

  it('lists each spelling of a password', () => {
    expect(passwordForms('a b/c', 'a%20b%2Fc')).toEqual(['a b/c', 'a%20b%2Fc', 'a%20b/c', 'a+b%2Fc'])
  })

  it.each([
    ['not a url', /not a valid URL/],
    ['mysql://u:p@h/db', /must start with postgres:\/\//],
    ['postgres://u@my-db.flycast:5432/db', /has no password/],
    ['postgres://u:%E0%A4%A@my-db.flycast/db', /malformed percent-encoding in its password/]
  ])('rejects %s', (raw, message) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(message)
  })
})

// The output URL names exactly what was verified (review #6): the host pg was given, the query as the user wrote it,
// and the user and database the action logged in as.
describe('the external URL names what was verified', () => {
  const internal = (query = '') => parseDatabaseUrl(`postgres://postgres:pw@my-db.flycast:5432/postgres${query}`).url

  it.each([
    ['::1', 'postgres://postgres:pw@[::1]:5432/postgres?sslmode=require'],
    ['2001:db8::1', 'postgres://postgres:pw@[2001:db8::1]:5432/postgres?sslmode=require'],
    ['127.0.0.1', 'postgres://postgres:pw@127.0.0.1:5432/postgres?sslmode=require']
  ])('writes host %s (an IPv6 address in brackets)', (host, expected) => {
    expect(externalUrl(internal(), host, 5432, 'require')).toBe(expected)
  })

  it('keeps every other query parameter byte for byte: %20 stays %20 (libpq does not read + as a space)', () => {
    const query = '?options=-c%20statement_timeout%3D5000&application_name=my%20ci'
    expect(externalUrl(internal(query), 'my-db.fly.dev', 5432, 'require')).toBe(`postgres://postgres:pw@my-db.fly.dev:5432/postgres${query}&sslmode=require`)
    expect(externalUrl(internal('?sslmode=disable&options=-c%20x%3Dy&a=b+c'), 'h', 5432, 'verify-full')).toBe(
      'postgres://postgres:pw@h:5432/postgres?sslmode=verify-full&options=-c%20x%3Dy&a=b+c'
    )
  })

  it('writes the user and database it defaults to when the URL leaves them empty (libpq would use the OS user)', () => {
    const noUser = parseDatabaseUrl('postgres://:pw@my-db.flycast:5432/app')
    expect(noUser.credentials.user).toBe('postgres')
    expect(externalUrl(noUser.url, 'my-db.fly.dev', 5432, 'require')).toBe('postgres://postgres:pw@my-db.fly.dev:5432/app?sslmode=require')
    for (const raw of [
      'postgres://app:pw@my-db.flycast:5432',
      'postgres://app:pw@my-db.flycast:5432/',
      'postgres://app:pw@my-db.flycast:5432/?application_name=ci'
    ]) {
      const { url, credentials } = parseDatabaseUrl(raw)
      expect(credentials.database).toBe('postgres')
      expect(externalUrl(url, 'h', 5432, 'require')).toMatch(/^postgres:\/\/app:pw@h:5432\/postgres\?/)
    }
  })

  it("reads the URL's own sslmode (the last one, as libpq does), without changing it", () => {
    expect(parseDatabaseUrl('postgres://u:p@my-db.flycast:5432/db?sslmode=verify-full').sslmode).toBe('verify-full')
    expect(parseDatabaseUrl('postgres://u:p@my-db.flycast:5432/db?sslmode=disable&sslmode=prefer').sslmode).toBe('prefer')
    expect(parseDatabaseUrl('postgres://u:p@my-db.flycast:5432/db?application_name=ci').sslmode).toBeUndefined()
  })

  it.each(['host', 'hostaddr', 'port', 'user', 'dbname', 'password'])('refuses a query that overrides the URL: %s', key => {
    expect(() => parseDatabaseUrl(`postgres://u:p@my-db.flycast:5432/db?a=1&${key}=elsewhere`)).toThrow(
      `database-url sets \`${key}\` in its query, which would override the URL's own host, port, user or database: remove it (the action verifies and writes the URL's own parts).`
    )
  })
})
