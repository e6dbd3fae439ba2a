// The JDBC URL and the libpq variables name exactly the verified connection, read back the way each client reads them.
import { describe, expect, it } from '@jest/globals'
import { parseJdbc } from './support/pgjdbc.js'
import { formEncode, jdbcUrl, libpqEnvironment, standardSslmode, type VerifiedEndpoint } from '../src/pure/client-forms.js'

const endpoint: VerifiedEndpoint = {
  host: 'shared-db.fly.dev',
  port: 5432,
  database: 'app db',
  user: 'ci reader',
  password: 'p@ss:w/rd?#&%+ x',
  sslmode: 'verify-full'
}

describe('jdbcUrl', () => {
  it('decodes back under pgjdbc rules to the same host, port, database, user, password and sslmode', () => {
    const url = jdbcUrl(endpoint)
    expect(url.startsWith('jdbc:postgresql://shared-db.fly.dev:5432/app%20db?')).toBe(true)
    expect(parseJdbc(url)).toEqual({
      host: 'shared-db.fly.dev',
      port: 5432,
      database: 'app db',
      properties: { sslmode: 'verify-full', user: 'ci reader', password: 'p@ss:w/rd?#&%+ x' }
    })
    // No credential before the host: pgjdbc would read `user:password@` as part of the host.
    expect(url).not.toContain('@shared-db')
  })

  it('holds the password only form-encoded, the spelling a mask must know', () => {
    const url = jdbcUrl(endpoint)
    expect(url).toContain(`password=${formEncode(endpoint.password)}`)
    expect(formEncode(endpoint.password)).toBe('p%40ss%3Aw%2Frd%3F%23%26%25%2B+x')
    expect(url).not.toContain(encodeURIComponent(endpoint.password))
  })

  it('brackets an IPv6 host and spells node-postgres-only modes as pgjdbc knows them', () => {
    const url = jdbcUrl({ ...endpoint, host: '2001:db8::1', sslmode: 'no-verify' })
    expect(parseJdbc(url).host).toBe('[2001:db8::1]')
    expect(parseJdbc(url).properties.sslmode).toBe('require')
  })
})

describe('libpqEnvironment', () => {
  it('sets the six variables libpq reads, unencoded', () => {
    expect(libpqEnvironment(endpoint)).toEqual({
      PGHOST: 'shared-db.fly.dev',
      PGPORT: '5432',
      PGDATABASE: 'app db',
      PGUSER: 'ci reader',
      PGPASSWORD: 'p@ss:w/rd?#&%+ x',
      PGSSLMODE: 'verify-full'
    })
  })

  it('gives libpq a host without brackets and a mode it knows', () => {
    const env = libpqEnvironment({ ...endpoint, host: '[::1]', sslmode: 'no-verify' })
    expect(env.PGHOST).toBe('::1')
    expect(env.PGSSLMODE).toBe('require')
    expect(standardSslmode('disable')).toBe('disable')
  })
})
