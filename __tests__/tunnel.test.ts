// openTunnel / closeTunnel in process, against the flyctl simulator (its proxy, agent and WireGuard peers) and a real
// PostgreSQL: the tunnel comes up and a login through its URL works, and every path, failed or not, leaves no proxy,
// no agent and no peer of this run behind.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import pg from 'pg'
import { makeCertificates, startPostgres } from '../test-support/postgres-tls.js'
import { modernFlexCluster, newWorld } from '../test-support/flyctl-sim/clusters.js'
import { createState, installSimulator, readCalls, readState, runningStarts } from '../test-support/flyctl-sim/state.js'
import { closeTunnel, openTunnel, TunnelError, type OpenTunnelOptions, type SavedTunnel } from '../src/effects/tunnel.js'

const password = 'Tunnel p@ss/w:rd%42?&'
const credentials = { user: 'postgres', password, database: 'postgres' }
const APP = 'pg-app'
const MPG_ID = 'x7k2m9q4w1p8'
const MPG_DIRECT = 'fdaa:0:4a0a:a7b:e5:1:2b3c:2'
const MACAROON = 'FlyV1 fm2_lJPECAAAAAAAAtest0123456789'
let server: Awaited<ReturnType<typeof startPostgres>>
let dir: string
let bin: string
let world: { statePath: string; logPath: string; runnerTemp: string }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunnel-'))
  server = await startPostgres({ password, certs: makeCertificates(path.join(dir, 'certs'), { hosts: ['localhost', '127.0.0.1'] }) })
  bin = path.join(installSimulator(path.join(dir, 'bin')), 'flyctl')
}, 60_000)

afterAll(async () => {
  await server?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

let scenario = 0
/** A fresh Fly world: the flex app (and an MPG cluster) whose private addresses reach the test Postgres. */
function freshWorld(extra: Record<string, unknown> = {}) {
  const scenarioDir = path.join(dir, `w${++scenario}`)
  fs.mkdirSync(path.join(scenarioDir, 'runner-temp'), { recursive: true })
  const statePath = createState(
    path.join(scenarioDir, 'state.json'),
    newWorld({
      apps: { [APP]: modernFlexCluster({ app: APP }) },
      mpgClusters: {
        [MPG_ID]: {
          name: 'ci-db',
          organization: 'personal',
          status: 'ready',
          ip_assignments: { direct: MPG_DIRECT },
          credentials: { status: 'ready', user: 'postgres', password, dbname: 'postgres' }
        }
      },
      privateNetwork: { [`[${APP}.internal]:5432`]: { port: server.port }, [`[${MPG_DIRECT}]:5432`]: { port: server.port } },
      ...extra
    })
  )
  world = { statePath, logPath: path.join(scenarioDir, 'calls.jsonl'), runnerTemp: path.join(scenarioDir, 'runner-temp') }
}
beforeEach(() => freshWorld())

const token = () => readState(world.statePath).token as string
const simEnv = () => ({ ...process.env, FLYSIM_STATE: world.statePath, FLYSIM_LOG: world.logPath })
const options = (extra: Partial<OpenTunnelOptions> = {}): OpenTunnelOptions => ({
  flyctlBin: bin,
  token: token(),
  runnerTemp: world.runnerTemp,
  app: APP,
  credentials,
  timeoutMs: 30_000,
  env: simEnv(),
  ...extra
})
const close = (saved: SavedTunnel) => closeTunnel(saved, { token: token(), env: simEnv() })
const peers = (org = 'personal'): { Name: string }[] => readState(world.statePath).organizations?.[org]?.wireGuardPeers ?? []
const running = () => runningStarts(world.logPath).map((s: { argv: string[] }) => s.argv.slice(0, 2).join(' '))
const proxyCalls = () => readCalls(`${world.logPath}.started`).filter((c: { argv: string[] }) => c.argv[0] === 'proxy' || c.argv[1] === 'proxy')
/** Waits (bounded) until nothing the simulator started is running: a killed process may take a moment to go. */
async function settled(): Promise<string[]> {
  for (let i = 0; i < 50 && running().length > 0; i++) await new Promise(resolve => setTimeout(resolve, 100))
  return running()
}
async function openFailure(extra: Partial<OpenTunnelOptions> = {}): Promise<TunnelError> {
  let saved: SavedTunnel | undefined
  const error = await openTunnel(options({ ...extra, onSaved: s => (saved = s) })).then(
    () => {
      throw new Error('openTunnel succeeded')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(TunnelError)
  expect((error as TunnelError).saved.configDir).toBe(saved?.configDir)
  return error as TunnelError
}
async function query(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ who: string }>('select current_user as who')).rows[0].who
  } finally {
    await client.end()
  }
}

describe('a postgres-flex app through fly proxy', () => {
  it('comes up, its URL logs in with pg and psql, and closing leaves no process, no peer and no directory', async () => {
    let saved: SavedTunnel | undefined
    const tunnel = await openTunnel(options({ onSaved: s => (saved = s) }))
    expect(tunnel.url).toBe(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${tunnel.port}/postgres?sslmode=disable`)
    expect(tunnel.serverVersion).toMatch(/^PostgreSQL /)
    expect(saved).toEqual(tunnel.saved)
    expect(tunnel.saved.org).toBe('personal')
    expect(peers().map(p => p.Name)).toEqual([tunnel.saved.peerName])
    expect(tunnel.saved.peerName).toMatch(/^interactive-/)
    expect(running().sort()).toEqual(['agent run', 'proxy 0:5432'])

    expect(await query(tunnel.url)).toBe('postgres')
    const psql = execFileSync('psql', [tunnel.url, '-tAc', 'select 40 + 2'], { encoding: 'utf8', timeout: 20_000 })
    expect(psql.trim()).toBe('42')

    const { warnings, removedPeers } = await close(tunnel.saved)
    expect(warnings).toEqual([])
    expect(removedPeers.map(p => p.name)).toEqual([tunnel.saved.peerName])
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
    expect(fs.existsSync(tunnel.saved.configDir)).toBe(false)
    // The agent outlived the proxy: `agent stop` found it running.
    expect(readCalls(world.logPath).find((c: { command: string }) => c.command === 'agent stop')?.exitCode).toBe(0)
    // A second close (the post step after a main step that closed already) is harmless.
    expect(await close(tunnel.saved)).toEqual({ warnings: [], removedPeers: [] })
  })

  it('uses the local port asked for', async () => {
    const port = await new Promise<number>(resolve => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as net.AddressInfo
        probe.close(() => resolve(address.port))
      })
    })
    const tunnel = await openTunnel(options({ localPort: port }))
    expect(tunnel.port).toBe(port)
    expect(await query(tunnel.url)).toBe('postgres')
    expect((await close(tunnel.saved)).warnings).toEqual([])
    expect(await settled()).toEqual([])
  })

  it('passes only the allow-listed environment to flyctl', async () => {
    const tunnel = await openTunnel(options({ env: { ...simEnv(), GITHUB_TOKEN: 'ghs_job_secret', FLY_API_TOKEN: 'fo1_other' } }))
    const environ = fs.readFileSync(`/proc/${tunnel.saved.proxyPid}/environ`, 'utf8').split('\0')
    expect(environ.some(v => v.startsWith('GITHUB_TOKEN='))).toBe(false)
    expect(environ.some(v => v.startsWith('FLY_API_TOKEN='))).toBe(false)
    expect(environ).toContain(`FLY_CONFIG_DIR=${tunnel.saved.configDir}`)
    expect((await close(tunnel.saved)).warnings).toEqual([])
  })
})

describe('Fly Managed Postgres through fly mpg proxy', () => {
  beforeEach(() => freshWorld({ token: MACAROON }))

  it('comes up by cluster ID with sslmode=require, and closes clean', async () => {
    const tunnel = await openTunnel(options({ app: undefined, mpgCluster: MPG_ID }))
    expect(tunnel.url).toBe(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${tunnel.port}/postgres?sslmode=require`)
    const client = new pg.Client({ host: '127.0.0.1', port: tunnel.port, ...credentials, ssl: { rejectUnauthorized: false } })
    await client.connect()
    expect((await client.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows[0].ssl).toBe(true)
    await client.end()
    expect(peers()).toHaveLength(1)
    expect((await close(tunnel.saved)).warnings).toEqual([])
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
  })

  it('an unknown cluster ID fails at once, naming the input and how to list IDs', async () => {
    const error = await openFailure({ app: undefined, mpgCluster: 'nope123' })
    expect(error.message).toContain('managed postgres cluster "nope123" not found')
    expect(error.message).toContain('`fly mpg list --org <org>`')
    expect(proxyCalls()).toHaveLength(1)
    expect(await settled()).toEqual([])
  })

  it("an old-style token is refused with flyctl's message and what to do", async () => {
    freshWorld() // the world's fo1_ token
    const error = await openFailure({ app: undefined, mpgCluster: MPG_ID })
    expect(error.message).toContain('MPG commands require updated tokens but found older-style tokens')
    expect(error.message).toContain('fly tokens create org')
    expect(peers()).toEqual([])
  })
})

describe('faults', () => {
  it('a slow start is waited for', async () => {
    freshWorld({ faults: [{ match: 'proxy', at: 'ready', delayMs: 2000 }] })
    const tunnel = await openTunnel(options())
    expect(await query(tunnel.url)).toBe('postgres')
    expect((await close(tunnel.saved)).warnings).toEqual([])
  })

  it('a failed tunnel probe is retried with a fresh start, which reuses the peer', async () => {
    freshWorld({ faults: [{ match: 'proxy', at: 'probe', times: 1 }] })
    const tunnel = await openTunnel(options())
    expect(proxyCalls()).toHaveLength(2)
    expect(peers()).toHaveLength(1)
    expect((await close(tunnel.saved)).warnings).toEqual([])
    expect(peers()).toEqual([])
  })

  it('a probe failing every retry gives up within the budget with the probe error, and cleans up the peer', async () => {
    freshWorld({ faults: [{ match: 'proxy', at: 'probe' }] })
    const error = await openFailure({ timeoutMs: 6000 })
    expect(error.message).toMatch(/^The tunnel did not become ready \(\d+ starts and 0 logins within 6 s\)/)
    expect(error.message).toContain('tunnel unavailable for organization personal: Error contacting Fly.io API when probing "personal": timed out')
    expect(error.message).toContain('https://status.flyio.net')
    expect(proxyCalls().length).toBeGreaterThan(1)
    expect(error.cleanupWarnings).toEqual([])
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
    expect(fs.existsSync(error.saved.configDir)).toBe(false)
  })

  it('a taken local port fails at once, after flyctl created the peer, and the peer is removed', async () => {
    const taken = net.createServer()
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as net.AddressInfo).port
    try {
      const error = await openFailure({ localPort: port })
      expect(error.message).toContain(`listen tcp 127.0.0.1:${port}: bind: address already in use`)
      expect(error.message).toContain('choose another `local-port`')
      expect(proxyCalls()).toHaveLength(1)
      expect(readCalls(world.logPath).some((c: { command: string; exitCode: number }) => c.command === 'wireguard remove' && c.exitCode === 0)).toBe(true)
    } finally {
      taken.close()
    }
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
  })

  it('a token that may not create peers fails at once with what token to make', async () => {
    freshWorld({ faults: [{ match: 'proxy', at: 'peer' }] })
    const error = await openFailure()
    expect(error.message).toContain('Fly API: Not authorized')
    expect(error.message).toContain('`fly tokens create deploy -a pg-app`')
    expect(proxyCalls()).toHaveLength(1)
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
  })

  it('an app that does not exist fails at once, before any peer', async () => {
    const error = await openFailure({ app: 'no-such-app' })
    expect(error.message).toContain('Fly API: Could not find App "no-such-app"')
    expect(error.message).toContain('Check the `app` input ("no-such-app")')
    expect(proxyCalls()).toHaveLength(1)
    expect(peers()).toEqual([])
  })

  it('a stalled start is stopped at the deadline, and what it created is removed', async () => {
    freshWorld({ faults: [{ match: 'proxy', at: 'ready', stall: true }] })
    const error = await openFailure({ timeoutMs: 4000 })
    expect(error.message).toContain('printed no ready line by the end of the 4 s budget and was stopped')
    expect(await settled()).toEqual([])
    expect(peers()).toEqual([])
  })

  it('a proxy that exits early is retried, and its error reported when it keeps exiting', async () => {
    freshWorld({ faults: [{ match: 'proxy', stderr: 'Error: unexpected EOF' }] })
    const error = await openFailure({ timeoutMs: 4000 })
    expect(error.message).toContain('exited (exit 1) before it was ready: unexpected EOF')
    expect(proxyCalls().length).toBeGreaterThan(1)
    expect(await settled()).toEqual([])
  })

  it('a refused peer removal warns with the exact command and never throws', async () => {
    freshWorld({ faults: [{ match: 'wireguard remove', stderr: 'Error: unhandled upstream service error: nats wg delete: timeout' }] })
    const tunnel = await openTunnel(options())
    const { warnings, removedPeers } = await close(tunnel.saved)
    expect(removedPeers).toEqual([])
    expect(warnings).toEqual([
      `Could not remove this run's WireGuard peer "${tunnel.saved.peerName}" from organization personal (unhandled upstream service error: nats wg delete: timeout). Remove it yourself: fly wireguard remove personal ${tunnel.saved.peerName}`
    ])
    expect(await settled()).toEqual([])
    expect(peers()).toHaveLength(1)
  })
})
