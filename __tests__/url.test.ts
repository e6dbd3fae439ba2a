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
    expect(passwordForms('a b/c', 'a%20b%2Fc')).toEqual(['a b/c', 'a%20b%2Fc', 'a%20b/c'])
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
