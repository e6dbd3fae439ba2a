// The passwords the action sets: derived the same way each run, and sent to Postgres only as SCRAM verifiers, which
// a real server stores as they are and accepts the password against.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { startPostgres } from '../test-support/postgres-tls.js'
import { SCRAM_ITERATIONS, derivePassword, scramVerifier } from '../src/pure/credentials.js'

describe('derivePassword', () => {
  const target = { cluster: 'shared-db', database: 'pr-12', role: 'pr-12' }

  it('is the same every run, 32 letters and digits', () => {
    const password = derivePassword('key-1', target)
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(derivePassword('key-1', { ...target })).toBe(password)
  })

  it('changes with the key, the cluster, the database and the role', () => {
    const base = derivePassword('key-1', target)
    const others = [
      derivePassword('key-2', target),
      derivePassword('key-1', { ...target, cluster: 'other-db' }),
      derivePassword('key-1', { ...target, database: 'pr-13' }),
      derivePassword('key-1', { ...target, role: 'pr-13' })
    ]
    expect(new Set([base, ...others]).size).toBe(5)
  })

  it('keeps the parts apart: no two targets share a label by joining differently', () => {
    expect(derivePassword('k', { cluster: 'a', database: 'bc', role: 'd' })).not.toBe(derivePassword('k', { cluster: 'ab', database: 'c', role: 'd' }))
  })
})

describe('scramVerifier', () => {
  it('has the form Postgres stores: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>', () => {
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'))
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/)
    // Another salt, another verifier for the same password.
    expect(scramVerifier('pencil')).not.toBe(verifier)
    expect(SCRAM_ITERATIONS).toBe(4096)
  })

  it('refuses what SASLprep might change, rather than compute a verifier Postgres would not match', () => {
    expect(() => scramVerifier('pässword')).toThrow('printable ASCII')
    expect(() => scramVerifier('')).toThrow('printable ASCII')
  })
})

describe('a verifier set on a real Postgres', () => {
  const adminPassword = 'Admin-pw-for-scram-test'
  let server: Awaited<ReturnType<typeof startPostgres>>
  let admin: pg.Client

  beforeAll(async () => {
    server = await startPostgres({ password: adminPassword, tls: false })
    admin = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: adminPassword, database: 'postgres' })
    await admin.connect()
  }, 60_000)

  afterAll(async () => {
    await admin?.end()
    await server?.stop()
  })

  const login = async (user: string, password: string): Promise<string> => {
    const client = new pg.Client({ host: '127.0.0.1', port: server.port, user, password, database: 'postgres' })
    try {
      await client.connect()
      return (await client.query<{ who: string }>('select current_user as who')).rows[0].who
    } catch (error) {
      return `refused: ${(error as Error).message}`
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  it('is stored as it is, and the password logs in with it', async () => {
    const password = derivePassword('key', { cluster: 'c', database: 'd', role: 'scram_user' })
    const verifier = scramVerifier(password)
    await admin.query(`create role scram_user login password ${admin.escapeLiteral(verifier)}`)
    const stored = await admin.query<{ rolpassword: string }>("select rolpassword from pg_authid where rolname = 'scram_user'")
    expect(stored.rows[0].rolpassword).toBe(verifier)
    expect(await login('scram_user', password)).toBe('scram_user')
    expect(await login('scram_user', `${password}x`)).toMatch(/^refused: password authentication failed/)
  })

  it('works for any printable ASCII password, punctuation and spaces included', async () => {
    const password = `p@ss w:rd/%'"\\${'$'}{x}`
    await admin.query(`create role scram_punct login password ${admin.escapeLiteral(scramVerifier(password))}`)
    expect(await login('scram_punct', password)).toBe('scram_punct')
  })
})
