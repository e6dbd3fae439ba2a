// Proves the loopback Fly world used by the action's tests: a real TLS Postgres and the Fly edge,
// exercised with the real `pg` client.
import { X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TLSSocket } from 'node:tls'
import pg from 'pg'
import { freePort, makeCertificates, makeServerCertificate, packagedPostgresDir, processesUsing, startPostgres } from '../test-support/postgres-tls.js'
import { startWorld } from '../test-support/fly-world.js'
import { edgeDecision, startFlyEdge } from '../test-support/fly-edge.js'

const APP = 'harness-db'
const HOST = `${APP}.fly.dev`
const PASSWORD = 'correct horse battery staple'

type Certs = ReturnType<typeof makeCertificates>
type Server = Awaited<ReturnType<typeof startPostgres>>

let tmp: string
let certs: Certs
let tlsPg: Server
let plainPg: Server

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-'))
  certs = makeCertificates(path.join(tmp, 'certs'), { hosts: [HOST, 'localhost', '127.0.0.1'] })
  ;[tlsPg, plainPg] = await Promise.all([startPostgres({ dir: tmp, password: PASSWORD, certs }), startPostgres({ dir: tmp, password: PASSWORD, tls: false })])
})

afterAll(async () => {
  const dirs = [tlsPg?.workDir, plainPg?.workDir].filter((d): d is string => Boolean(d))
  await Promise.all([tlsPg?.stop(), plainPg?.stop()])
  for (const d of dirs) {
    expect(fs.existsSync(d)).toBe(false)
    expect(processesUsing(d)).toBe(false)
  }
  fs.rmSync(tmp, { recursive: true, force: true })
})

function client(port: number, ssl: pg.ClientConfig['ssl'], password = PASSWORD): pg.Client {
  return new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    ssl,
    connectionTimeoutMillis: 5000
  })
}

/** Connect, run `select version()`, return version + negotiated TLS protocol. */
async function roundTrip(port: number, ssl: pg.ClientConfig['ssl']): Promise<{ version: string; protocol: string | null }> {
  const c = client(port, ssl)
  await c.connect()
  try {
    const { rows } = await c.query<{ version: string }>('select version()')
    const protocol = (c.connection.stream as TLSSocket).getProtocol()
    return { version: rows[0].version, protocol }
  } finally {
    await c.end()
  }
}

/** Connect and return the error (fails the test when the connection succeeds). */
async function connectError(port: number, ssl: pg.ClientConfig['ssl'], password = PASSWORD): Promise<Error & { code?: string }> {
  const c = client(port, ssl, password)
  c.on('error', () => undefined) // late socket errors after a failed connect
  try {
    await c.connect()
  } catch (err) {
    return err as Error & { code?: string }
  } finally {
    await c.end().catch(() => undefined)
  }
  throw new Error('expected the connection to fail')
}

const verifyFull = () => ({ ca: certs.caPem, servername: HOST, rejectUnauthorized: true })

describe('certificates', () => {
  test('CA is a CA; server certificate chains to it with DNS and IP SANs', () => {
    const ca = new X509Certificate(certs.caPem)
    const leaf = new X509Certificate(certs.certPem)
    expect(ca.ca).toBe(true)
    expect(leaf.ca).toBe(false)
    expect(leaf.checkIssued(ca)).toBe(true)
    expect(leaf.verify(ca.publicKey)).toBe(true)
    expect(leaf.subjectAltName).toBe(`DNS:${HOST}, DNS:localhost, IP Address:127.0.0.1`)
    expect(leaf.checkHost(HOST)).toBe(HOST)
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(leaf.checkHost('other.fly.dev')).toBeUndefined()
    expect(leaf.verify(new X509Certificate(certs.otherCaPem).publicKey)).toBe(false)
    expect((fs.statSync(certs.keyPath).mode & 0o777).toString(8)).toBe('600')
  })

  test('makeServerCertificate issues for other hosts (incl. IPv6) from the same CA', () => {
    const other = makeServerCertificate(path.join(tmp, 'certs'), certs, ['elsewhere.example', '::1'])
    const leaf = new X509Certificate(other.certPem)
    expect(leaf.verify(new X509Certificate(certs.caPem).publicKey)).toBe(true)
    expect(leaf.checkHost('elsewhere.example')).toBe('elsewhere.example')
    expect(leaf.checkIP('::1')).toBe('::1')
    expect(leaf.checkHost(HOST)).toBeUndefined()
    expect(fs.readFileSync(other.keyPath, 'utf8')).toContain('PRIVATE KEY')
  })
})

describe('TLS Postgres', () => {
  test('verify-full connection works and reports the TLS version', async () => {
    const { version, protocol } = await roundTrip(tlsPg.port, verifyFull())
    expect(version).toMatch(/^PostgreSQL \d+/)
    expect(protocol).toMatch(/^TLSv1\.[23]$/)
  })

  test('the server really uses TLS for the session (pg_stat_ssl)', async () => {
    const c = client(tlsPg.port, verifyFull())
    await c.connect()
    const { rows } = await c.query('select ssl, version from pg_stat_ssl where pid = pg_backend_pid()')
    await c.end()
    expect(rows[0].ssl).toBe(true)
  })

  test('wrong hostname: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const err = await connectError(tlsPg.port, { ...verifyFull(), servername: 'other.fly.dev' })
    expect(err.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(err.message).toBe(
      "Hostname/IP does not match certificate's altnames: Host: other.fly.dev. is not in the cert's altnames: DNS:harness-db.fly.dev, DNS:localhost, IP Address:127.0.0.1"
    )
  })

  test('unknown CA: unable to verify the first certificate', async () => {
    const err = await connectError(tlsPg.port, { ca: certs.otherCaPem, servername: HOST, rejectUnauthorized: true })
    expect(err.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    // Node 24 appends a hint about --use-system-ca to the same message.
    expect(err.message).toMatch(/^unable to verify the first certificate(;|$)/)
  })

  test('no CA given (system store): same verification failure', async () => {
    const err = await connectError(tlsPg.port, { servername: HOST, rejectUnauthorized: true })
    expect(err.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })

  test('wrong password: 28P01', async () => {
    const err = await connectError(tlsPg.port, verifyFull(), 'wrong')
    expect(err.code).toBe('28P01')
    expect(err.message).toBe('password authentication failed for user "postgres"')
  })

  test('server without TLS rejects ssl', async () => {
    const err = await connectError(plainPg.port, verifyFull())
    expect(err.message).toBe('The server does not support SSL connections')
    expect(err.code).toBeUndefined()
    // ...and still works without TLS
    const c = client(plainPg.port, false)
    await c.connect()
    await c.end()
  })
})

describe('Fly edge', () => {
  const pgTlsService = (port: number) => ({
    protocol: 'tcp',
    internal_port: 5432,
    ports: [{ port, handlers: ['pg_tls'] }]
  })
  const ip = (Type: string, Address: string) => ({
    ID: `ip_${Type}`,
    Address,
    Type,
    Region: 'global',
    CreatedAt: '2024-01-01T00:00:00Z',
    ServiceName: '',
    Network: null
  })

  function writeState(file: string, appState: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
    const state = { token: 'fo1_test', restartMs: 0, ...extra, apps: { [APP]: { ips: [], machines: [], deploys: [], ...appState } } }
    fs.writeFileSync(file, JSON.stringify(state, null, 2))
  }

  async function edgeOnFreePort(statePath: string, opts: { dropFirst?: number } = {}) {
    const listenPort = await freePort()
    return startFlyEdge({ statePath, app: APP, target: { host: '127.0.0.1', port: tlsPg.port }, listenPort, ...opts })
  }

  test('refuses (EOF) without a public IP, forwards once IP + pg_tls service exist', async () => {
    const statePath = path.join(tmp, 'state-1.json')
    const edge = await edgeOnFreePort(statePath)
    try {
      expect(edge.publicPort).toBe(edge.port)
      // service but only a private / egress IP
      writeState(statePath, {
        ips: [ip('private_v6', 'fdaa:0:1::3'), ip('egress_v4', '1.2.3.4')],
        machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port)] } }]
      })
      const noIp = await connectError(edge.port, verifyFull())
      expect(noIp.message).toBe('Connection terminated unexpectedly')
      expect(edge.decisions.at(-1)?.reason).toBe('no public ip')

      // public IP, but no service on this port
      writeState(statePath, {
        ips: [ip('shared_v4', '66.241.124.1'), ip('v6', '2a09:8280:1::1')],
        machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port + 1)] } }]
      })
      const noService = await connectError(edge.port, verifyFull())
      expect(noService.message).toBe('Connection terminated unexpectedly')
      expect(edge.decisions.at(-1)?.reason).toBe('no pg_tls service')

      // both: forwarded to the TLS Postgres, certificate verified against the app hostname
      writeState(statePath, {
        ips: [ip('shared_v4', '66.241.124.1'), ip('v6', '2a09:8280:1::1')],
        machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port)] } }]
      })
      const { protocol } = await roundTrip(edge.port, verifyFull())
      expect(protocol).toMatch(/^TLSv1\.[23]$/)
      expect(edge.connections).toEqual({ accepted: 1, refused: 2 })
    } finally {
      await edge.stop()
    }
  })

  test('without TLS the refused edge looks the same to the client', async () => {
    const statePath = path.join(tmp, 'state-2.json')
    writeState(statePath, { ips: [] })
    const edge = await edgeOnFreePort(statePath)
    try {
      const err = await connectError(edge.port, false)
      expect(err.message).toBe('Connection terminated unexpectedly')
    } finally {
      await edge.stop()
    }
  })

  test('refuses while a deploy restarts the machines (restartMs), then forwards', async () => {
    const statePath = path.join(tmp, 'state-3.json')
    const edge = await edgeOnFreePort(statePath)
    try {
      const at = Date.now()
      writeState(
        statePath,
        {
          ips: [ip('v4', '137.66.1.1')],
          machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port)] } }],
          deploys: [{ at, image: 'flyio/postgres-flex:16', flags: ['--remote-only'], toml: '' }]
        },
        { restartMs: 1000 }
      )
      const during = await connectError(edge.port, verifyFull())
      expect(during.message).toBe('Connection terminated unexpectedly')
      expect(edge.decisions.at(-1)?.reason).toBe('deploy in progress')
      await new Promise(r => setTimeout(r, Math.max(0, at + 1000 - Date.now()) + 20))
      await roundTrip(edge.port, verifyFull())
      expect(edge.connections).toEqual({ accepted: 1, refused: 1 })
    } finally {
      await edge.stop()
    }
  })

  test('dropFirst closes the first n connections regardless', async () => {
    const statePath = path.join(tmp, 'state-4.json')
    const edge = await edgeOnFreePort(statePath, { dropFirst: 2 })
    try {
      writeState(statePath, {
        ips: [ip('v4', '137.66.1.1')],
        machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port)] } }]
      })
      await connectError(edge.port, verifyFull())
      await connectError(edge.port, verifyFull())
      await roundTrip(edge.port, verifyFull())
      expect(edge.decisions.map(d => d.reason)).toEqual(['dropFirst', 'dropFirst', 'ok'])
    } finally {
      await edge.stop()
    }
  })

  test('stop() destroys live forwarded sockets', async () => {
    const statePath = path.join(tmp, 'state-5.json')
    const edge = await edgeOnFreePort(statePath)
    writeState(statePath, {
      ips: [ip('v4', '137.66.1.1')],
      machines: [{ id: 'm1', config: { services: [pgTlsService(edge.port)] } }]
    })
    const c = client(edge.port, verifyFull())
    const ended = new Promise<Error>(resolve => c.on('error', resolve))
    await c.connect()
    await edge.stop()
    const err = await ended
    expect(err.message).toBe('Connection terminated unexpectedly')
    await c.end().catch(() => undefined)
  })

  test('edgeDecision rules', () => {
    const base = {
      restartMs: 500,
      apps: {
        a: {
          ips: [{ Type: 'v6' }],
          machines: [{ config: { services: [pgTlsService(5432)] } }],
          deploys: [{ at: 1000 }]
        }
      }
    }
    expect(edgeDecision(base, 'a', 5432, 1500)).toEqual({ ok: true, reason: 'ok' })
    expect(edgeDecision(base, 'a', 5432, 1499).reason).toBe('deploy in progress')
    expect(edgeDecision(base, 'a', 5433, 2000).reason).toBe('no pg_tls service')
    expect(edgeDecision(base, 'b', 5432, 2000).reason).toBe('no app')
    expect(edgeDecision(undefined, 'a', 5432).reason).toBe('no state')
    const withHandlers = (handlers: string[]) => ({
      ...base,
      apps: { a: { ...base.apps.a, machines: [{ config: { services: [{ protocol: 'tcp', internal_port: 5432, ports: [{ port: 5432, handlers }] }] } }] } }
    })
    expect(edgeDecision(withHandlers(['tls', 'http']), 'a', 5432, 2000).reason).toBe('no pg_tls service')
    const withIps = (Type: string) => ({ ...base, apps: { a: { ...base.apps.a, ips: [{ Type }] } } })
    expect(edgeDecision(withIps('egress_v6'), 'a', 5432, 2000).reason).toBe('no public ip')
    expect(edgeDecision(withIps('shared_v4'), 'a', 5432, 2000).ok).toBe(true)
  })
})

describe('starting the world', () => {
  const isRoot = process.getuid?.() === 0

  it('runs Postgres from binaries in a directory other users cannot enter (a checkout under a 0700 home)', async () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'private-checkout-'))
    fs.chmodSync(checkout, 0o700)
    try {
      const packaged = await packagedPostgresDir()
      const native = path.join(checkout, 'native')
      fs.cpSync(packaged, native, { recursive: true, verbatimSymlinks: true })
      fs.copyFileSync(path.join(packaged, '..', 'package.json'), path.join(checkout, 'package.json'))
      const db = await startPostgres({ dir: tmp, password: PASSWORD, certs, binariesDir: native })
      try {
        const { version } = await roundTrip(db.port, verifyFull())
        expect(version).toContain(`PostgreSQL ${db.version}`)
        // As root the server runs as `postgres`, which cannot enter the checkout: it ran from a copy it can reach.
        if (isRoot) expect(db.binDir.startsWith(checkout)).toBe(false)
        else expect(db.binDir).toBe(native)
      } finally {
        await db.stop()
      }
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true })
    }
  }, 30_000)

  it('a world whose Postgres binaries are missing fails at once with the step, the cause and what to do, leaving nothing behind', async () => {
    const worlds = () =>
      fs
        .readdirSync(os.tmpdir())
        .filter(name => name.startsWith('fly-world-'))
        .sort()
    const before = worlds()
    const missing = path.join(tmp, 'no-such-postgres')
    await expect(startWorld({ postgres: { binariesDir: missing } })).rejects.toThrow(
      `The test world could not start: starting PostgreSQL failed: startPostgres: no Postgres binaries in ${missing} (bin/postgres is missing): run \`npm ci\``
    )
    expect(worlds().filter(name => !before.includes(name))).toEqual([])
  }, 20_000)

  it('a Postgres that exits at start reports its own first error instead of waiting', async () => {
    // The TLS server already listens on this port, so the new server cannot bind it.
    await expect(startPostgres({ dir: tmp, password: PASSWORD, tls: false, port: tlsPg.port })).rejects.toThrow(
      /^startPostgres: postgres did not start \(exit 1\):[\s\S]*(could not bind|could not create listen socket)/
    )
  }, 20_000)
})
