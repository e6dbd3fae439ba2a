// verifyTls against a real TLS Postgres, in process: what a verified connection reports, and which failures end the
// check at once. The messages seen end to end (host mismatch, unknown CA, no TLS, timeouts) are in faults.test.ts and
// verify-bounds.test.ts. The certificate's CA is not trusted here (Node reads NODE_EXTRA_CA_CERTS only at start-up),
// so a verified host name cannot be tested in process: faults.test.ts runs it with the CA trusted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { makeCertificates, startPostgres } from '../test-support/postgres-tls.js'
import { VerifyError, startEarlyCheck, verifyAfterEarlyCheck, verifyTls, type VerifyRequest } from '../src/effects/verify.js'

const password = 'Verify p@ss/w:rd%42'
const appRole = { user: 'app_user', password: 'App-S3cret_pw' }
let server: Awaited<ReturnType<typeof startPostgres>>
let certDir: string

beforeAll(async () => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-certs-'))
  server = await startPostgres({ password, certs: makeCertificates(certDir, { hosts: ['localhost', '127.0.0.1'] }) })
  const admin = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password, database: 'postgres', ssl: { rejectUnauthorized: false } })
  await admin.connect()
  await admin.query(`CREATE ROLE ${appRole.user} LOGIN PASSWORD ${admin.escapeLiteral(appRole.password)}`)
  await admin.end()
}, 60_000)

afterAll(async () => {
  await server?.stop()
  fs.rmSync(certDir, { recursive: true, force: true })
})

const request = (extra: Partial<VerifyRequest> = {}): VerifyRequest => ({
  app: 'verify-db',
  host: '127.0.0.1',
  port: server.port,
  credentials: { user: 'postgres', password, database: 'postgres' },
  tls: 'require',
  verifyTimeoutSeconds: 30,
  ...extra
})

/** verifyTls with every retry counted: a failure that is not transient must end the check at the first attempt. */
async function verifyCounting(req: VerifyRequest): Promise<{ result?: Awaited<ReturnType<typeof verifyTls>>; error?: Error; retries: number }> {
  let retries = 0
  try {
    return { result: await verifyTls(req, { onRetry: () => (retries += 1) }), retries }
  } catch (error) {
    return { error: error as Error, retries }
  }
}

describe('a verified connection', () => {
  it('reports the server version, the TLS version, one attempt, and how the admin logged in', async () => {
    const { result, retries } = await verifyCounting(request())
    expect(retries).toBe(0)
    expect(result).toEqual({
      serverVersion: server.version,
      serverVersionText: expect.stringMatching(new RegExp(`^PostgreSQL ${server.version.replace('.', '\\.')} `)),
      tlsVersion: 'TLSv1.3',
      attempts: 1,
      facts: { superuser: true, passwordEncryption: 'scram-sha-256', authentication: 'scram' }
    })
  })

  it('a role without superuser is reported as such', async () => {
    const { result } = await verifyCounting(request({ credentials: { ...appRole, database: 'postgres' } }))
    expect(result?.facts).toEqual({ superuser: false, passwordEncryption: 'scram-sha-256', authentication: 'scram' })
  })
})

describe('failures that end the check at once', () => {
  it('a wrong password: one attempt, SQLSTATE 28P01', async () => {
    const { error, retries } = await verifyCounting(request({ credentials: { user: 'postgres', password: 'not-the-Pa55word', database: 'postgres' } }))
    expect(retries).toBe(0)
    expect(error).toBeInstanceOf(VerifyError)
    expect(error?.message).toContain('rejected the password for user "postgres" (SQLSTATE 28P01)')
  })

  it('a database that does not exist: one attempt, and the message names it', async () => {
    const { error, retries } = await verifyCounting(request({ credentials: { user: 'postgres', password, database: 'no_such_db' } }))
    expect(retries).toBe(0)
    expect(error?.message).toBe(
      `Postgres at 127.0.0.1:${server.port} has no database "no_such_db" (SQLSTATE 3D000). Check the database in \`database-url\` or the \`database\` input.`
    )
  })

  it('verify-full against a certificate from a CA this process does not trust: one attempt (`tls: require` connects to the same server)', async () => {
    const { error, retries } = await verifyCounting(request({ tls: 'verify-full' }))
    expect(retries).toBe(0)
    expect(error?.message).toContain(`The TLS certificate at 127.0.0.1:${server.port} is not signed by a trusted CA (`)
  })
})

describe('the attempt made beside the reads, when the plan changed nothing', () => {
  it('its connection is the check: one attempt, nothing retried', async () => {
    const retries: number[] = []
    const connection = await verifyAfterEarlyCheck(startEarlyCheck(request()), request(), { onRetry: (_error, attempt) => retries.push(attempt) })
    expect(connection).toMatchObject({ serverVersion: server.version, tlsVersion: 'TLSv1.3', attempts: 1 })
    expect(retries).toEqual([])
  })

  it('a wrong password ends the check with its message: no second login', async () => {
    const wrong = request({ credentials: { user: 'postgres', password: 'wrong', database: 'postgres' } })
    let retries = 0
    const failure = await verifyAfterEarlyCheck(startEarlyCheck(wrong), wrong, { onRetry: () => (retries += 1) }).catch((error: Error) => error)
    expect(failure).toBeInstanceOf(VerifyError)
    expect((failure as Error).message).toBe(
      `Postgres at 127.0.0.1:${server.port} rejected the password for user "postgres" (SQLSTATE 28P01). Check \`database-url\` or \`password\`: the proxy is up and TLS works.`
    )
    expect(retries).toBe(0)
  })

  it('refused at first (the proxy still starting): attempt 1 is reported as such and the retries count on from 2', async () => {
    const closed = request({ port: 1 })
    const attempts: number[] = []
    const failure = await verifyAfterEarlyCheck(
      startEarlyCheck(closed),
      { ...closed, verifyTimeoutSeconds: 1 },
      { onRetry: (_error, attempt) => attempts.push(attempt) }
    ).catch((error: Error) => error)
    expect(failure).toBeInstanceOf(VerifyError)
    expect(attempts[0]).toBe(1)
    expect(attempts.slice(1)).toEqual(attempts.slice(1).map((_, index) => index + 2))
    expect(attempts.length).toBeGreaterThan(1)
  })
})
