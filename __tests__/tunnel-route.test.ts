// `route: tunnel` end to end on the bundle: the main step (node dist/index.js) opens flyctl's WireGuard proxy and
// ends while the proxy keeps serving; the post step (dist/post/index.js, with the state the main step saved) leaves
// no proxy, no agent and no WireGuard peer of the run. Nothing public is allocated or deployed. Against the flyctl
// simulator (its proxy, agent, peers and MPG clusters) and the world's real PostgreSQL.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import pg from 'pg'
import { callsOf, errorsOf, expectNoLeaks, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { readStarts, runningStarts } from '../test-support/flyctl-sim/state.js'
import { findLeaks } from '../test-support/run-action.js'

const world = useWorld()
const MPG_ID = 'x7k2m9q4w1p8'
const MPG_DIRECT = 'fdaa:0:4a0a:a7b:e5:1:2b3c:2'
const MACAROON = 'FlyV1 fm2_lJPECAAAAAAAAtunnelroute0123456789'
/** The route's inputs: the scenario's default `host` (its public edge) does not apply to the tunnel. */
const TUNNEL = { route: 'tunnel', host: '' }
/** Commands that would change what is public (or restart the members): the tunnel runs none. */
const PUBLIC_WRITES = ['ips allocate-v4', 'ips allocate-v6', 'ips release', 'deploy', 'machines update', 'config save']

let count = 0
function flexScenario(spec: { faults?: object[] } = {}) {
  const app = `tunnel-db-${++count}`
  return world().scenario({ app, cluster: modernFlexCluster({ app }), ...spec })
}
/** A world with an MPG cluster whose direct address reaches the test Postgres, and a macaroon token (MPG needs one). */
async function mpgScenario(): Promise<Scenario> {
  const app = `tunnel-mpg-${++count}`
  const scenario = await world().scenario({
    app,
    cluster: modernFlexCluster({ app }),
    mpgClusters: {
      [MPG_ID]: {
        name: 'ci-db',
        organization: 'personal',
        status: 'ready',
        ip_assignments: { direct: MPG_DIRECT },
        credentials: { status: 'ready', user: 'postgres', password: world().password, dbname: 'postgres' }
      }
    },
    privateNetwork: { [`[${MPG_DIRECT}]:5432`]: { port: world().pg.port } }
  })
  scenario.update(state => ({ ...state, token: MACAROON }))
  return scenario
}

const peers = (scenario: Scenario): Array<{ Name: string }> => scenario.state().organizations?.personal?.wireGuardPeers ?? []
const running = (scenario: Scenario): string[] =>
  runningStarts(scenario.logPath)
    .map((start: { argv: string[] }) => (start.argv[0] === 'mpg' ? start.argv.slice(0, 2) : start.argv.slice(0, 1)).join(' '))
    .sort()
/** Waits (bounded) until no simulator process of the scenario runs: a stopped one may take a moment to go. */
async function settled(scenario: Scenario): Promise<string[]> {
  for (let i = 0; i < 100 && running(scenario).length > 0; i++) await new Promise(resolve => setTimeout(resolve, 100))
  return running(scenario)
}
/** The post step as the runner runs it: the main step's saved state, and no input it needs but the token. */
const post = (scenario: Scenario, main: ActionRun, token?: string) =>
  scenario.run({ app: '', 'database-url': '', route: '', ...(token ? { 'fly-api-token': token } : {}) }, {}, { state: main.state })
const warningsOf = (run: ActionRun) => run.stdout.split('\n').filter(line => line.startsWith('::warning::'))
const publicWrites = (scenario: Scenario) => callsOf(scenario).filter(call => PUBLIC_WRITES.includes(call.command))

async function currentUser(url: string): Promise<string> {
  // node-postgres reads sslmode=require as verify-full: its `no-verify` is libpq's require (no name can match 127.0.0.1).
  const client = new pg.Client({ connectionString: url.replace('sslmode=require', 'sslmode=no-verify') })
  await client.connect()
  try {
    return (await client.query<{ who: string }>('select current_user as who')).rows[0].who
  } finally {
    await client.end()
  }
}

/** After the post step: no proxy or agent process, no peer of the run in the org, no private config dir. */
async function expectClosed(scenario: Scenario, main: ActionRun, after: ActionRun): Promise<void> {
  expect(after.exitCode).toBe(0)
  expect(errorsOf(after)).toEqual([])
  expect(warningsOf(after)).toEqual([])
  expect(await settled(scenario)).toEqual([])
  expect(peers(scenario)).toEqual([])
  if (main.state.tunnel) expect(fs.existsSync(JSON.parse(main.state.tunnel).configDir)).toBe(false)
  expect(publicWrites(scenario)).toEqual([])
}

describe('route: tunnel to a postgres-flex app', () => {
  it('the main step ends with the proxy serving its URL (pg, psql with export-env: libpq); the post step leaves nothing', async () => {
    const scenario = await flexScenario()
    const main = await scenario.run({ ...TUNNEL, 'export-env': 'libpq' })
    expect([main.exitCode, errorsOf(main)]).toEqual([0, []])
    const { port } = main.outputs
    const url = main.outputs['database-url']
    expect(url).toBe(`postgres://postgres:${encodeURIComponent(world().password)}@127.0.0.1:${port}/postgres?sslmode=disable`)
    expect(main.outputs).toMatchObject({ host: '127.0.0.1', changed: 'false', deployed: 'false', ipv4: '', ipv6: '', 'flyctl-version': '0.4.87' })
    expect(main.outputs['postgres-version']).toMatch(/^\d+\.\d+/)
    expect(main.outputs['jdbc-url']).toContain(`jdbc:postgresql://127.0.0.1:${port}/postgres?sslmode=disable&user=postgres&password=`)

    // The main step's process has exited (the runner waits for it), and the proxy and its agent still serve.
    expect(running(scenario)).toEqual(['agent', 'proxy'])
    expect(await currentUser(url)).toBe('postgres')
    // A later step's psql with no arguments: libpq's variables, as export-env: libpq set them.
    expect(main.exported).toMatchObject({ PGHOST: '127.0.0.1', PGPORT: port, PGUSER: 'postgres', PGDATABASE: 'postgres', PGSSLMODE: 'disable' })
    const psql = execFileSync('psql', ['-X', '-tAc', 'select 40 + 2'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...main.exported } })
    expect(psql.trim()).toBe('42')

    // Nothing public: no address, no service, no deploy, and the plan, log and summary say so.
    expect(publicWrites(scenario)).toEqual([])
    expect(main.stdout).toContain('nothing on Fly changes for the database: no IP, no service, no deploy, no restart')
    expect(main.stdout).toContain('public: nothing (no public address)')
    expect(main.summary).toContain('nothing on Fly changes for the database')
    expect(main.summary).toContain('public: nothing (no public address)')
    const saved = JSON.parse(main.state.tunnel)
    expect(saved).toMatchObject({ org: 'personal', peerName: expect.stringMatching(/^interactive-/) })
    expect(peers(scenario).map(peer => peer.Name)).toEqual([saved.peerName])
    expect(main.summary).toContain(saved.peerName)
    expectNoLeaks(world(), scenario, main, { extraSecrets: [url, main.outputs['jdbc-url']] })

    const after = await post(scenario, main)
    await expectClosed(scenario, main, after)
    expect(after.stdout).toContain(`Removed this run's WireGuard peer "${saved.peerName}" from organization personal.`)
    expect(after.summary).toContain(`WireGuard peer ${saved.peerName} in personal: removed`)
    expect(callsOf(scenario).find(call => call.command === 'agent stop')?.exitCode).toBe(0)
    expect(findLeaks(after, scenario.secrets())).toEqual([])
    expect(after.stderr).toBe('')
  }, 120_000)

  it('listens on the local-port asked for', async () => {
    const scenario = await flexScenario()
    const port = await new Promise<number>(resolve => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const main = await scenario.run({ ...TUNNEL, 'local-port': String(port) })
    expect(main.exitCode).toBe(0)
    expect(main.outputs.port).toBe(String(port))
    expect(await currentUser(main.outputs['database-url'])).toBe('postgres')
    await expectClosed(scenario, main, await post(scenario, main))
  }, 120_000)

  it('a main step cancelled after the peer appeared is cleaned up by the post step', async () => {
    // The proxy is slow to bind: the job is cancelled while it starts, its peer already made.
    const scenario = await flexScenario({ faults: [{ match: 'proxy', at: 'ready', delayMs: 5000 }] })
    const main = await scenario.run(TUNNEL, {}, { signalWhen: () => peers(scenario).length > 0 })
    expect(main.exitCode).toBe(143)
    expect(errorsOf(main)[0]).toContain(
      'A tunnel this run started (flyctl proxy, its agent, a WireGuard peer) is closed by the post step when the job ends; nothing public was changed.'
    )
    expect(JSON.parse(main.state.tunnel).proxyPid).toEqual(expect.any(Number))
    expect(peers(scenario)).toHaveLength(1)
    expect(running(scenario)).toEqual(['agent', 'proxy'])
    await expectClosed(scenario, main, await post(scenario, main))
  }, 120_000)

  it('a main step that failed after flyctl made the peer (a taken local port) leaves nothing after the post step', async () => {
    const scenario = await flexScenario()
    const taken = net.createServer()
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as net.AddressInfo
    try {
      const main = await scenario.run({ ...TUNNEL, 'local-port': String(port) })
      expect(main.exitCode).toBe(1)
      const [error] = errorsOf(main)
      expect(error).toContain(`listen tcp 127.0.0.1:${port}: bind: address already in use`)
      expect(error).toContain('choose another `local-port`')
      expect(error).toContain('Nothing on Fly was changed for the database; the tunnel was closed and no WireGuard peer of this run is left.')
      expect(callsOf(scenario).some(call => call.command === 'wireguard remove' && call.exitCode === 0)).toBe(true)
      await expectClosed(scenario, main, await post(scenario, main))
    } finally {
      taken.close()
    }
  }, 120_000)

  it('a peer removal the API refuses warns with the exact command and never fails the job', async () => {
    const scenario = await flexScenario({ faults: [{ match: 'wireguard remove', stderr: 'Error: unhandled upstream service error: nats wg delete: timeout' }] })
    const main = await scenario.run(TUNNEL)
    expect(main.exitCode).toBe(0)
    const { peerName } = JSON.parse(main.state.tunnel)
    const after = await post(scenario, main)
    expect([after.exitCode, errorsOf(after)]).toEqual([0, []])
    expect(warningsOf(after).join('\n')).toContain(`Remove it yourself: fly wireguard remove personal ${peerName}`)
    expect(after.summary).toContain(`fly wireguard remove personal ${peerName}`)
    expect(await settled(scenario)).toEqual([])
  }, 120_000)
})

describe('dry run and refusals', () => {
  it('dry-run prints the plan and opens nothing', async () => {
    const scenario = await flexScenario()
    const main = await scenario.run({ ...TUNNEL, 'dry-run': 'true' })
    expect([main.exitCode, errorsOf(main)]).toEqual([0, []])
    expect(main.stdout).toContain(`route: tunnel: \`flyctl proxy 0:5432 -a ${scenario.app} --bind-addr 127.0.0.1\``)
    expect(main.stdout).toContain('dry-run: no tunnel was opened, nothing was changed.')
    expect(main.outputs).toMatchObject({ changed: 'false', deployed: 'false' })
    expect(main.outputs['database-url']).toBeUndefined()
    expect(main.summary).toContain(`dry run of a tunnel to app ${scenario.app}`)
    expect(callsOf(scenario)).toEqual([])
    expect(readStarts(scenario.logPath)).toEqual([])
    expect(main.state.tunnel).toBe('')
    await expectClosed(scenario, main, await post(scenario, main))
  }, 60_000)

  it('a pinned flyctl too old for the tunnel, and a public-route input it would not honour, are refused before any call', async () => {
    const scenario = await flexScenario()
    const old = await scenario.run({ ...TUNNEL, 'flyctl-version': '0.3.0' })
    expect(errorsOf(old)).toEqual([
      'Input `flyctl-version` is 0.3.0, but `--local-port` on `fly mpg proxy` needs flyctl 0.3.230 or newer. Pin 0.3.230 or later, or use `latest`.'
    ])
    const preview = await scenario.run({ ...TUNNEL, 'preview-database': 'pr-1' })
    expect(errorsOf(preview)[0]).toMatch(/^Input `preview-database` does not apply to `route: tunnel`/)
    expect(callsOf(scenario)).toEqual([])
  }, 60_000)
})

describe('errors, each with its message, and nothing left behind', () => {
  async function failure(inputs: Record<string, string>, spec: { faults?: object[] } = {}): Promise<{ scenario: Scenario; message: string }> {
    const scenario = await flexScenario(spec)
    const main = await scenario.run({ ...TUNNEL, ...inputs })
    expect(main.exitCode).toBe(1)
    const [message] = errorsOf(main)
    await expectClosed(scenario, main, await post(scenario, main))
    expectNoLeaks(world(), scenario, main)
    return { scenario, message }
  }

  it('an app that does not exist', async () => {
    const { message } = await failure({ app: 'no-such-app', 'database-url': '', password: world().password })
    expect(message).toContain('Could not find App "no-such-app"')
    expect(message).toContain('Check the `app` input ("no-such-app")')
  }, 120_000)

  it('a token that may not create WireGuard peers', async () => {
    const { message, scenario } = await failure({}, { faults: [{ match: 'proxy', at: 'peer' }] })
    expect(message).toContain('Fly API: Not authorized')
    expect(message).toContain(`\`fly tokens create deploy -a ${scenario.app}\``)
  }, 120_000)

  it('the tunnel probe timing out on every retry', async () => {
    const { message, scenario } = await failure({ 'verify-timeout': '5' }, { faults: [{ match: 'proxy', at: 'probe' }] })
    expect(message).toMatch(/The tunnel did not become ready \(\d+ starts and 0 logins within 5 s\)/)
    expect(message).toContain('tunnel unavailable for organization personal: Error contacting Fly.io API when probing "personal": timed out')
    expect(message).toContain('https://status.flyio.net')
    expect(callsOf(scenario).filter(call => call.command === 'proxy').length).toBeGreaterThan(1)
  }, 120_000)

  it('the proxy exiting early, every start', async () => {
    const { message } = await failure({ 'verify-timeout': '4' }, { faults: [{ match: 'proxy', stderr: 'Error: unexpected EOF' }] })
    expect(message).toContain('exited (exit 1) before it was ready: unexpected EOF')
  }, 120_000)

  it('a stalled proxy start, stopped at the verify-timeout', async () => {
    const { message } = await failure({ 'verify-timeout': '4' }, { faults: [{ match: 'proxy', at: 'ready', stall: true }] })
    expect(message).toContain('printed no ready line by the end of the 4 s budget and was stopped')
  }, 120_000)
})

describe('route: tunnel to Fly Managed Postgres', () => {
  /** MPG runs: the macaroon token and the password masked, no secret shown, nothing on stderr. */
  function expectMpgClean(scenario: Scenario, run: ActionRun, extra: string[] = []): void {
    expect(findLeaks(run, [MACAROON, world().password, ...extra])).toEqual([])
    expect(run.stdout).toContain(`::add-mask::${MACAROON}`)
    expect(run.stderr).toBe('')
    for (const call of callsOf(scenario)) expect(call.argv.join(' ')).not.toContain(MACAROON)
  }

  it('by cluster ID: fly mpg proxy, sslmode=require, and the post step leaves nothing', async () => {
    const scenario = await mpgScenario()
    const main = await scenario.run({ ...TUNNEL, app: '', cluster: MPG_ID, 'database-url': '', password: world().password, 'fly-api-token': MACAROON })
    expect([main.exitCode, errorsOf(main)]).toEqual([0, []])
    const url = main.outputs['database-url']
    expect(url).toBe(`postgres://postgres:${encodeURIComponent(world().password)}@127.0.0.1:${main.outputs.port}/postgres?sslmode=require`)
    expect(await currentUser(url)).toBe('postgres')
    expect(running(scenario)).toEqual(['agent', 'mpg proxy'])
    // psql reads sslmode=require as libpq does: encrypted.
    const psql = execFileSync('psql', [url, '-X', '-tAc', 'select ssl from pg_stat_ssl where pid = pg_backend_pid()'], { encoding: 'utf8', timeout: 20_000 })
    expect(psql.trim()).toBe('t')
    expect(main.summary).toContain(`Managed Postgres cluster ${MPG_ID} is reachable through a tunnel`)
    expectMpgClean(scenario, main, [url])
    const after = await post(scenario, main, MACAROON)
    await expectClosed(scenario, main, after)
    expectMpgClean(scenario, after)
  }, 120_000)

  it("by database-url's host (direct.<id>.flympg.net): the same cluster, `app` not used", async () => {
    const scenario = await mpgScenario()
    const mpgUrl = `postgres://postgres:${encodeURIComponent(world().password)}@direct.${MPG_ID}.flympg.net:5432/postgres?sslmode=require`
    const main = await scenario.run({ ...TUNNEL, 'database-url': mpgUrl, 'fly-api-token': MACAROON })
    expect([main.exitCode, errorsOf(main)]).toEqual([0, []])
    expect(main.stdout).toContain(`Input \`app\` is not used with a Managed Postgres cluster: the tunnel goes to cluster ${MPG_ID}.`)
    expect(readStarts(scenario.logPath).some((start: { argv: string[] }) => start.argv.join(' ').startsWith(`mpg proxy ${MPG_ID} `))).toBe(true)
    expect(await currentUser(main.outputs['database-url'])).toBe('postgres')
    expectMpgClean(scenario, main, [mpgUrl, main.outputs['database-url']])
    await expectClosed(scenario, main, await post(scenario, main, MACAROON))
  }, 120_000)

  it('a cluster that does not exist', async () => {
    const scenario = await mpgScenario()
    const main = await scenario.run({ ...TUNNEL, app: '', cluster: 'nope123', 'database-url': '', password: world().password, 'fly-api-token': MACAROON })
    expect(main.exitCode).toBe(1)
    expect(errorsOf(main)[0]).toContain('managed postgres cluster "nope123" not found')
    expect(errorsOf(main)[0]).toContain('`fly mpg list --org <org>`')
    await expectClosed(scenario, main, await post(scenario, main, MACAROON))
  }, 120_000)

  it("an old-style token: flyctl's refusal, with what to do", async () => {
    const scenario = await mpgScenario()
    scenario.update(state => ({ ...state, token: world().token }))
    const main = await scenario.run({ ...TUNNEL, app: '', cluster: MPG_ID, 'database-url': '', password: world().password })
    expect(main.exitCode).toBe(1)
    expect(errorsOf(main)[0]).toContain('MPG commands require updated tokens but found older-style tokens')
    expect(errorsOf(main)[0]).toContain('fly tokens create org')
    await expectClosed(scenario, main, await post(scenario, main))
  }, 120_000)

  it('route: public with a Managed Postgres cluster is refused before any call, pointing at route: tunnel', async () => {
    const scenario = await mpgScenario()
    for (const inputs of <Array<Record<string, string>>>[
      { cluster: MPG_ID, app: '', 'database-url': '', password: world().password },
      { 'database-url': `postgres://postgres:pw@pgbouncer.${MPG_ID}.flympg.net/postgres` }
    ]) {
      const main = await scenario.run({ ...inputs, 'fly-api-token': MACAROON })
      expect(main.exitCode).toBe(1)
      expect(errorsOf(main)[0]).toContain('has no public access: set `route: tunnel`')
    }
    expect(callsOf(scenario)).toEqual([])
  }, 60_000)
})
