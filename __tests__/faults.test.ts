// Fault injection, end to end: the bundled action (node dist/index.js) as the runner starts it, while flyctl, the
// releases server, the TLS endpoint or the runner itself misbehave. Each test checks what the user sees (the
// `::error::` line, exit code, outputs), what happened on the simulated cluster (state and call log), and that no
// secret was printed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { LOOPBACK_HOSTS } from '../test-support/fly-world.js'
import { edgeDecision } from '../test-support/fly-edge.js'
import { makeServerCertificate, startPostgres } from '../test-support/postgres-tls.js'
import { runAction } from '../test-support/run-action.js'
import { callsOf, connectAsSuperuser, errorsOf, expectNoLeaks as expectClean, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { exposedFlexCluster, flexClusterWithoutService, ip, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { readStarts, runningStarts } from '../test-support/flyctl-sim/state.js'

type PgServer = Awaited<ReturnType<typeof startPostgres>>
type FlyIp = { Type: string; Address: string }

const world = useWorld()

/** How long a stage took, from the `[time]` line the action prints when it closes the stage. */
function stageMs(run: ActionRun, stage: string): number {
  const line = run.stdout.split('\n').find(l => l.startsWith(`[time] ${stage}: `))
  if (!line) throw new Error(`no [time] line for stage "${stage}"`)
  return Number(line.slice(`[time] ${stage}: `.length).replace(/ ms$/, ''))
}
let mismatchedPg: PgServer // certificate from the world's CA, for another host name only
let unknownCaPg: PgServer // certificate for the right host names, from a CA the runner does not trust
let plainPg: PgServer // no TLS at all

/** Every fault this file injects, one label each, counted at the end. */
const injected: string[] = []
const timings: Array<{ name: string; ms: number; exitCode: number | null; errors: string[] }> = []

beforeAll(async () => {
  const certDir = path.join(world().dir, 'fault-certs')
  const worldCa = { caPem: world().certs.caPem, caKeyPem: world().certs.caKeyPem }
  const otherCa = { caPem: world().certs.otherCaPem, caKeyPem: world().certs.otherCaKeyPem }
  ;[mismatchedPg, unknownCaPg, plainPg] = await Promise.all([
    startPostgres({ password: world().password, certs: makeServerCertificate(certDir, worldCa, ['db.elsewhere.example']) }),
    startPostgres({ password: world().password, certs: makeServerCertificate(certDir, otherCa, ['localhost', '127.0.0.1', ...LOOPBACK_HOSTS]) }),
    startPostgres({ password: world().password, tls: false })
  ])
}, 60_000)

afterAll(async () => {
  await Promise.all([mismatchedPg?.stop(), unknownCaPg?.stop(), plainPg?.stop()])
  console.log(
    [
      `faults injected: ${injected.length}`,
      ...injected.map(label => `  - ${label}`),
      'run timings:',
      ...timings.flatMap(({ name, ms, exitCode, errors }) => [
        `  ${String(Math.round(ms)).padStart(6)} ms  exit ${exitCode}  ${name}`,
        ...errors.map(error => `             ::error::${error}`)
      ])
    ].join('\n')
  )
})

function inject(label: string): void {
  injected.push(label)
}

async function timed(name: string, scenario: Scenario, inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}): Promise<ActionRun> {
  const run = await scenario.run(inputs, env)
  timings.push({ name, ms: run.durationMs, exitCode: run.exitCode, errors: errorsOf(run) })
  return run
}

const calls = callsOf
/**
 * What the edge decided for connections made once `command` had started. The TLS attempt made beside the reads
 * comes before any write; a check after a failed write would come after it.
 */
const connectionsAfter = (scenario: Scenario, command: string) => {
  const started = Math.min(
    ...calls(scenario)
      .filter(call => call.command === command)
      .map(call => call.spawnedAt)
  )
  return scenario.edge.decisions.filter(decision => decision.at >= started)
}
const named = (scenario: Scenario, command: string) => calls(scenario).filter(call => call.command === command)
const writeCalls = (scenario: Scenario) => calls(scenario).filter(call => call.kind === 'write')
const faulted = (scenario: Scenario) => calls(scenario).filter(call => call.fault)
const ipsOf = (scenario: Scenario, type: string) => (scenario.state().apps[scenario.app].ips as FlyIp[]).filter(entry => entry.Type === type)

/** No secret in anything the user can read; see support/action-world().ts. */
function expectNoLeaks(scenario: Scenario, run: ActionRun, extraSecrets: string[] = [], password?: string): void {
  expectClean(world(), scenario, run, { extraSecrets, password })
}

/** A cluster that needs nothing but the TLS check: public IPs and the pg_tls service already there. */
function exposedScenario(app: string, spec: { edge?: { dropFirst?: number; target?: { port: number } } } = {}) {
  return world().scenario({ app, cluster: exposedFlexCluster({ app }), ...spec })
}

describe('transient flyctl failures on reads', () => {
  it('retries `ips list` (502) and `machines list` (exit 126) once each, then succeeds', async () => {
    const app = 'flaky-reads-db'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [
        { match: 'ips list', times: 1, exitCode: 1, stderr: 'Error: failed to run query(...): 502 Bad Gateway' },
        { match: 'machines list', times: 1, exitCode: 126, stderr: 'Error: failed to list VMs: context deadline exceeded' }
      ]
    })
    inject('ips list: exit 1 "502 Bad Gateway", once')
    inject('machines list: exit 126 "context deadline exceeded", once')
    const run = await timed('flaky reads', scenario)
    expect(run.exitCode).toBe(0)
    expect(errorsOf(run)).toEqual([])

    // Each read: one failed call, then one that worked.
    // (The third `ips list` is the one after allocating.)
    expect(named(scenario, 'ips list').map(call => [call.fault, call.exitCode])).toEqual([
      [true, 1],
      [false, 0],
      [false, 0]
    ])
    expect(named(scenario, 'machines list').map(call => [call.fault, call.exitCode])).toEqual([
      [true, 126],
      [false, 0]
    ])
    expect(run.stdout).toMatch(/flyctl ips list -a flaky-reads-db: attempt 1 failed \(.*502 Bad Gateway\.\); retrying in 500 ms/)
    expect(run.stdout).toMatch(/flyctl machines list -a flaky-reads-db: attempt 1 failed \(.*exit 126.*\); retrying in 500 ms/)
    // The run went on as usual: both IPs allocated once, verified, output.
    expect(
      writeCalls(scenario)
        .map(call => call.command)
        .sort()
    ).toEqual(['ips allocate-v4', 'ips allocate-v6'])
    expect(ipsOf(scenario, 'v4')).toHaveLength(1)
    expect(run.outputs).toMatchObject({ ipv4: ipsOf(scenario, 'v4')[0].Address, changed: 'true', deployed: 'false', 'tls-version': 'TLSv1.3' })
    expectNoLeaks(scenario, run)
  })

  it('gives up on a read that keeps failing (503), quoting flyctl, in bounded time, with no write', async () => {
    const app = 'api-down-db'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [{ match: 'ips list', exitCode: 1, stderr: 'Error: failed to run query(...): 503 Service Unavailable' }]
    })
    inject('ips list: exit 1 "503 Service Unavailable", every call')
    const run = await timed('read keeps failing (503)', scenario)
    expect(run.exitCode).toBe(1)
    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    expect(message).toMatch(/^`flyctl ips list -a api-down-db --json` failed \(exit 1\): failed to run query\(\.\.\.\): 503 Service Unavailable/)
    // What to do next: it was retried, so a rerun once Fly's API is back is what helps.
    expect(message).toMatch(/Fly's API kept failing \(\d+ attempts over 5 s\)/)
    expect(message).toContain('https://status.flyio.net')

    const listCalls = named(scenario, 'ips list')
    expect(listCalls.length).toBeGreaterThanOrEqual(3)
    expect(listCalls.every(call => call.fault)).toBe(true)
    // Bounded: the read retry window is 5 s (the stage's own time, not the process start or the flyctl install).
    expect(stageMs(run, 'Read api-down-db')).toBeLessThan(9_000)
    expect(writeCalls(scenario)).toEqual([])
    expect(scenario.state().apps[app].ips.map((entry: FlyIp) => entry.Type)).toEqual(['private_v6'])
    expect(run.outputs).toEqual({})
    expectNoLeaks(scenario, run)
  })
})

describe('IP allocation faults', () => {
  it('a timeout AFTER Fly allocated the IPv4: lists again, keeps that address, allocates no second billed IPv4', async () => {
    const app = 'alloc-after-db'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [{ match: 'ips allocate-v4', times: 1, after: true, exitCode: 126, stderr: 'Error: context deadline exceeded' }]
    })
    inject('ips allocate-v4: allocates, then exit 126 "context deadline exceeded"')
    const run = await timed('allocation timeout after Fly allocated', scenario)
    expect(run.exitCode).toBe(0)
    expect(errorsOf(run)).toEqual([])

    const v4 = ipsOf(scenario, 'v4')
    expect(v4).toHaveLength(1)
    expect(named(scenario, 'ips allocate-v4')).toHaveLength(1)
    expect(named(scenario, 'ips allocate-v4')[0]).toMatchObject({ fault: true, exitCode: 126, write: true })
    // The initial read, the re-list after the failed allocation, and the list after allocating.
    expect(named(scenario, 'ips list')).toHaveLength(3)
    expect(run.stdout).toContain(`The dedicated IP allocation reported an error but went through: ${v4[0].Address}`)
    expect(run.outputs).toMatchObject({ ipv4: v4[0].Address, ipv6: ipsOf(scenario, 'v6')[0].Address, changed: 'true' })
    expectNoLeaks(scenario, run)
  })

  it('a transient failure BEFORE allocating: lists again, finds none, allocates once more', async () => {
    const app = 'alloc-before-db'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [{ match: 'ips allocate-v4', times: 1, exitCode: 1, stderr: 'Error: failed to run mutation(...): 502 Bad Gateway' }]
    })
    inject('ips allocate-v4: exit 1 "502 Bad Gateway" before allocating, once')
    const run = await timed('allocation fails before allocating', scenario)
    expect(run.exitCode).toBe(0)

    const attempts = named(scenario, 'ips allocate-v4')
    expect(attempts.map(call => [call.fault, call.write, call.exitCode])).toEqual([
      [true, false, 1],
      [false, true, 0]
    ])
    // The initial read, the re-list between the two attempts, and the list after allocating.
    expect(named(scenario, 'ips list')).toHaveLength(3)
    // The re-list came between the two attempts.
    const relist = named(scenario, 'ips list')[1]
    expect(relist.start).toBeGreaterThanOrEqual(attempts[0].end)
    expect(attempts[1].start).toBeGreaterThanOrEqual(relist.end)
    expect(run.stdout).toMatch(/Allocating the dedicated IP failed \(.*502 Bad Gateway\.\); none was allocated, trying again\./)
    const v4 = ipsOf(scenario, 'v4')
    expect(v4).toHaveLength(1)
    expect(run.outputs.ipv4).toBe(v4[0].Address)
    expectNoLeaks(scenario, run)
  })

  it("a non-transient allocation error fails at once with flyctl's message", async () => {
    const app = 'alloc-refused-db'
    const refusal = 'We need your payment information to continue! Add a credit card or buy credit: https://fly.io/dashboard/personal/billing'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [{ match: 'ips allocate-v4', exitCode: 1, stderr: `Error: ${refusal}` }]
    })
    inject('ips allocate-v4: exit 1 payment refusal, every call')
    const run = await timed('allocation refused', scenario)
    expect(run.exitCode).toBe(1)
    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    // The IPv6 allocated alongside is named, so the user knows what changed.
    const v6 = ipsOf(scenario, 'v6')
    expect(v6).toHaveLength(1)
    expect(message).toBe(
      `\`flyctl ips allocate-v4 -a alloc-refused-db --yes\` failed (exit 1): ${refusal}. This run allocated the IPv6 ${v6[0].Address}; to undo: \`fly ips release ${v6[0].Address} -a alloc-refused-db\`.`
    )

    expect(faulted(scenario).map(call => call.command)).toEqual(['ips allocate-v4'])
    expect(named(scenario, 'ips list')).toHaveLength(1) // no re-list: nothing to recover
    expect(ipsOf(scenario, 'v4')).toEqual([])
    expect(run.outputs).toEqual({})
    expectNoLeaks(scenario, run)
  })
})

describe('deploy faults', () => {
  // IPs already there, so the deploy is the only write.
  const clusterNeedingDeploy = (app: string) =>
    flexClusterWithoutService({ app, ips: [ip('private_v6', { seed: `${app}/flycast` }), ip('v4', { seed: `${app}/v4` }), ip('v6', { seed: `${app}/v6` })] })

  it.each([
    {
      exitCode: 1,
      flyMessage: (id: string) => `failed to update machine configuration for ${id} [app]: invalid config.services: internal_port 5432 is used twice`
    },
    { exitCode: 126, flyMessage: (id: string) => `smoke checks for ${id} failed: the app appears to be crashing` }
  ])('a failed deploy (exit $exitCode) is not repeated, quotes flyctl and `fly status`, and changes nothing else', async ({ exitCode, flyMessage }) => {
    const app = `deploy-fail-${exitCode}-db`
    const cluster = clusterNeedingDeploy(app)
    const machineId = cluster.machines[0].id as string
    const scenario = await world().scenario({ app, cluster, faults: [{ match: 'deploy', exitCode, stderr: `Error: ${flyMessage(machineId)}` }] })
    inject(`deploy: exit ${exitCode} "${flyMessage('<id>')}", every call`)
    const before = scenario.state().apps[app]
    const run = await timed(`deploy fails (exit ${exitCode})`, scenario)
    expect(run.exitCode).toBe(1)

    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    expect(message).toBe(
      `The deploy of flyio/postgres-flex:16 to "${app}" failed (flyctl exit ${exitCode}): ${flyMessage(machineId)}. It was not retried. ` +
        `Check the machines with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action ` +
        '(it deploys again only if the pg_tls service is still missing).'
    )
    expect(named(scenario, 'deploy')).toHaveLength(1)
    expect(faulted(scenario).map(call => call.command)).toEqual(['deploy'])
    expect(writeCalls(scenario).map(call => call.command)).toEqual(['deploy'])
    // Nothing else changed: same machines, IPs and deploys as before, and the edge still has nothing to route.
    const after = scenario.state()
    expect(after.apps[app]).toEqual(before)
    expect(edgeDecision(after, app, 5432)).toEqual({ ok: false, reason: 'no pg_tls service' })
    expect(connectionsAfter(scenario, 'deploy')).toEqual([]) // no TLS check after a failed deploy
    expect(run.outputs).toEqual({})
    // The job summary still says what was found and what did not happen.
    expect(run.summary).toContain(`fly-pg-expose: failed for ${app}`)
    expect(run.summary).toContain('<td>pg_tls service</td><td>missing: ')
    // flyctl had started the deploy: some machines may have been updated before it failed.
    expect(run.summary).toContain(`<td>Deploy</td><td>started on ${cluster.machines.map(m => m.id).join(', ')} and did not finish`)
    expect(run.summary).toContain('(already there)')
    expectNoLeaks(scenario, run)
  })
})

describe('flyctl install faults', () => {
  it('releases endpoint down: a pinned version still installs and never asks the endpoint', async () => {
    const scenario = await exposedScenario('api-down-pinned-db')
    world().releases.options.apiDown = true
    inject('releases endpoint: 503 (pinned version)')
    const seen = world().releases.requests.length
    try {
      const run = await timed('releases API down, pinned', scenario)
      expect(run.exitCode).toBe(0)
      const requests = world().releases.requests.slice(seen)
      expect(requests).toEqual(['/download/v0.4.87/flyctl_0.4.87_Linux_x86_64.tar.gz'])
      expect(run.outputs['flyctl-version']).toBe('0.4.87')
      expectNoLeaks(scenario, run)
    } finally {
      world().releases.options.apiDown = false
    }
  })

  it('releases endpoint down: `latest` fails and says to pin a version', async () => {
    const scenario = await exposedScenario('api-down-latest-db')
    world().releases.options.apiDown = true
    inject('releases endpoint: 503 (latest)')
    try {
      const run = await timed('releases API down, latest', scenario, { 'flyctl-version': 'latest' })
      expect(run.exitCode).toBe(1)
      const endpoint = `${world().releases.env.FLY_PG_EXPOSE_RELEASES_API}/Linux/x86_64/latest`
      expect(errorsOf(run)).toEqual([
        `Could not resolve the latest flyctl from ${endpoint} (HTTP 503). Pin a version with the \`flyctl-version\` input (e.g. 0.4.87): pinned versions download straight from GitHub.`
      ])
      expect(calls(scenario)).toEqual([])
      expectNoLeaks(scenario, run)
    } finally {
      world().releases.options.apiDown = false
    }
  })

  it('a broken tarball: a clear error, nothing half-installed in the tool cache, and the next run installs', async () => {
    const scenario = await exposedScenario('broken-tarball-db')
    const cached = path.join(scenario.runnerDir, 'tool-cache', 'flyctl', '0.4.87')
    world().releases.options.brokenDownload = true
    inject('release download: 200 with a body that is not a tarball')
    let run: ActionRun
    try {
      run = await timed('broken tarball', scenario)
    } finally {
      world().releases.options.brokenDownload = false
    }
    expect(run.exitCode).toBe(1)
    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    expect(message).toMatch(/^The flyctl 0\.4\.87 download is not a valid tarball \(.+\)\. Nothing was cached; rerun the job\.$/)
    expect(fs.existsSync(cached)).toBe(false)
    expect(fs.existsSync(`${cached}.complete`)).toBe(false)
    expect(calls(scenario)).toEqual([])

    // Nothing was poisoned: the same runner installs fine once the download is good.
    const again = await timed('after a broken tarball', scenario)
    expect(again.exitCode).toBe(0)
    expect(again.stdout).not.toContain('found in the tool cache')
    expect(fs.existsSync(path.join(cached, os.arch() === 'arm64' ? 'arm64' : 'x86_64', 'flyctl'))).toBe(true)
    expectNoLeaks(scenario, run)
  })

  it('a version that does not exist: a clear error naming the releases page', async () => {
    const scenario = await exposedScenario('missing-version-db')
    world().releases.options.missingVersions = ['0.4.99']
    inject('release download: 404 for 0.4.99')
    try {
      const run = await timed('missing version', scenario, { 'flyctl-version': 'v0.4.99' })
      expect(run.exitCode).toBe(1)
      const url = `${world().releases.env.FLY_PG_EXPOSE_DOWNLOAD_BASE}/v0.4.99/flyctl_0.4.99_Linux_x86_64.tar.gz`
      expect(errorsOf(run)).toEqual([
        `Could not download flyctl 0.4.99 from ${url}: Unexpected HTTP response: 404. Check that the version exists on https://github.com/superfly/flyctl/releases.`
      ])
      expect(fs.existsSync(path.join(scenario.runnerDir, 'tool-cache', 'flyctl', '0.4.99'))).toBe(false)
      expect(calls(scenario)).toEqual([])
      expectNoLeaks(scenario, run)
    } finally {
      world().releases.options.missingVersions = []
    }
  })
})

describe('TLS and connection faults', () => {
  it('a certificate for another host name: names `tls: require` and what it gives up; `tls: require` then works', async () => {
    const scenario = await exposedScenario('mismatch-db', { edge: { target: { port: mismatchedPg.port } } })
    inject('TLS: certificate for db.elsewhere.example only')
    const run = await timed('certificate host mismatch', scenario, { 'verify-timeout': '5' })
    expect(run.exitCode).toBe(1)
    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    expect(message).toBe(
      `The TLS certificate at ${scenario.host}:5432 is not valid for host "${scenario.host}" (it is for DNS:db.elsewhere.example). ` +
        'Use the host the certificate names, or set `tls: require` to accept any certificate: the connection stays encrypted but is no longer protected against impersonation.'
    )
    // Not retried: a wrong certificate does not fix itself.
    expect(scenario.edge.connections.accepted).toBe(1)
    expect(run.stdout).not.toMatch(/attempt 1: /)
    expect(run.outputs['database-url']).toBeUndefined()
    expectNoLeaks(scenario, run)

    const relaxed = await timed('certificate host mismatch, tls: require', scenario, { tls: 'require' })
    expect(relaxed.exitCode).toBe(0)
    expect(relaxed.outputs).toMatchObject({ 'tls-version': 'TLSv1.3', host: scenario.host, changed: 'false' })
    expect(relaxed.outputs['database-url']).toBe(scenario.secrets()[3])
    expectNoLeaks(scenario, relaxed)
  })

  it('a certificate from an unknown CA: names `tls: require`, what it gives up, and NODE_EXTRA_CA_CERTS', async () => {
    const scenario = await exposedScenario('unknown-ca-db', { edge: { target: { port: unknownCaPg.port } } })
    inject('TLS: certificate signed by an untrusted CA')
    const run = await timed('unknown CA', scenario, { 'verify-timeout': '5' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `The TLS certificate at ${scenario.host}:5432 is not signed by a trusted CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE). Set \`tls: require\` to skip verification (encrypted, but not protected against impersonation), or add the CA with NODE_EXTRA_CA_CERTS.`
    ])
    expect(scenario.edge.connections.accepted).toBe(1)
    expectNoLeaks(scenario, run)
  })

  it('a server that does not speak TLS: says the port is not behind pg_tls', async () => {
    const scenario = await exposedScenario('plain-db', { edge: { target: { port: plainPg.port } } })
    inject('TLS: server without TLS')
    const run = await timed('server without TLS', scenario, { 'verify-timeout': '5' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `The server at ${scenario.host}:5432 does not speak TLS: the port is not behind Fly's pg_tls handler. Check the \`port\` input and the app's [[services]] (handlers = ["pg_tls"]).`
    ])
    expect(scenario.edge.connections.accepted).toBe(1)
    expectNoLeaks(scenario, run)
  })

  it('a server that never comes up: retried until `verify-timeout`, then says what was last seen and what to check', async () => {
    const scenario = await exposedScenario('never-up-db', { edge: { dropFirst: 1_000_000 } })
    inject('edge: drops every connection')
    const run = await timed('server never comes up (verify-timeout 2)', scenario, { 'verify-timeout': '2' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `Could not open a TLS connection to Postgres at ${scenario.host}:5432 within 2s (last error: Connection terminated unexpectedly). Check \`fly status -a never-up-db\` and \`fly ips list -a never-up-db\`, or raise \`verify-timeout\`.`
    ])
    expect(scenario.edge.connections.refused).toBeGreaterThanOrEqual(4)
    expect(scenario.edge.connections.accepted).toBe(0)
    expect(run.stdout).toMatch(/attempt 3: Connection terminated unexpectedly; retrying in \d+ ms/)
    // Bounded by verify-timeout (2 s): the stage's own time, whatever the machine's load does to the rest.
    expect(stageMs(run, `Verify TLS to ${scenario.host}:5432`)).toBeLessThan(4_000)
    expect(writeCalls(scenario)).toEqual([])
    expectNoLeaks(scenario, run)
  })

  it('a server that logs in and then never answers the version query: each attempt is bounded, then a clear message', async () => {
    // A real Postgres made to stall: this role's search_path finds a version() that sleeps before pg_catalog's.
    const user = 'stall_user'
    const password = 'Stall-S3cret_pw'
    const admin = await connectAsSuperuser(world())
    await admin.query(`
      create schema if not exists stall;
      create or replace function stall.version() returns text language plpgsql as $$ begin perform pg_catalog.pg_sleep(20); return pg_catalog.version(); end $$;
      do $$ begin if not exists (select from pg_roles where rolname = '${user}') then create role ${user} login password '${password}'; end if; end $$;
      grant usage on schema stall to ${user};
      alter role ${user} set search_path = stall, pg_catalog;`)
    await admin.end()
    const scenario = await exposedScenario('stuck-query-db')
    inject('postgres: the version query never answers')
    const run = await timed('version query never answers (verify-timeout 3)', scenario, { 'database-url': '', username: user, password, 'verify-timeout': '3' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `Postgres at ${scenario.host}:5432 accepted the TLS connection and the login but never answered \`select version()\` within 3s: the server may be overloaded or stuck. Check \`fly status -a stuck-query-db\` and \`fly logs -a stuck-query-db\`, or raise \`verify-timeout\`.`
    ])
    // Connected through the edge, logged in, asked, and was cut off: not one endless wait.
    expect(scenario.edge.connections.accepted).toBeGreaterThanOrEqual(1)
    expect(run.stdout).not.toContain('Connected with')
    expectNoLeaks(scenario, run, [password, `postgres://${user}:${password}@${scenario.host}:5432/postgres?sslmode=require`], password)
  })

  it('a wrong password fails at once (one attempt) with SQLSTATE 28P01', async () => {
    const scenario = await exposedScenario('wrong-password-db')
    const wrongPassword = 'not-the-Pa55word'
    const wrongUrl = `postgres://postgres:${wrongPassword}@wrong-password-db.flycast:5432/postgres`
    inject('Postgres: wrong password')
    const run = await timed('wrong password', scenario, { 'database-url': wrongUrl, 'verify-timeout': '30' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `Postgres at ${scenario.host}:5432 rejected the password for user "postgres" (SQLSTATE 28P01). Check \`database-url\` or \`password\`: the proxy is up and TLS works.`
    ])
    expect(scenario.edge.connections.accepted).toBe(1)
    // One attempt, no retry: far from the 30 s verify-timeout (counted, not timed).
    expect(run.stdout).not.toMatch(/attempt 1: /)
    expectNoLeaks(
      scenario,
      run,
      [wrongPassword, wrongUrl, `postgres://postgres:${wrongPassword}@${scenario.host}:5432/postgres?sslmode=require`],
      wrongPassword
    )
  })

  it('a host that does not resolve: retried until `verify-timeout`, then the DNS message', async () => {
    const scenario = await exposedScenario('no-dns-db')
    inject('DNS: not-yet.invalid does not resolve')
    const run = await timed('DNS does not resolve (verify-timeout 2)', scenario, { host: 'not-yet.invalid', 'verify-timeout': '2' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      'The host not-yet.invalid did not resolve within 2s. New Fly IPs can take a minute to reach DNS: raise `verify-timeout`, or check the `host` input.'
    ])
    // Attempt 1 is the one made beside the reads (nothing on Fly changes): the retries follow at once.
    expect(run.stdout).toMatch(/attempt 1: getaddrinfo (ENOTFOUND|EAI_AGAIN) not-yet\.invalid; retrying in 0 ms/)
    expect(run.stdout).toMatch(/attempt 2: getaddrinfo (ENOTFOUND|EAI_AGAIN) not-yet\.invalid; retrying in 100 ms/)
    expect(run.stdout).toMatch(/attempt 3: getaddrinfo/)
    expect(stageMs(run, 'Verify TLS to not-yet.invalid:5432')).toBeLessThan(4_000)
    expect(scenario.edge.connections).toEqual({ accepted: 0, refused: 0 })
    expectNoLeaks(scenario, run, [`postgres://postgres:${encodeURIComponent(world().password)}@not-yet.invalid:5432/postgres?sslmode=require`])
  })
})

describe('bounded in time', () => {
  const withIps = (app: string) =>
    flexClusterWithoutService({ app, ips: [ip('private_v6', { seed: `${app}/flycast` }), ip('v4', { seed: `${app}/v4` }), ip('v6', { seed: `${app}/v6` })] })
  /** Simulator processes still running (the start log has every one, even those killed before they could log). */
  const leftRunning = (scenario: Scenario) => runningStarts(scenario.logPath) as Array<{ pid: number; argv: string[] }>
  const started = (scenario: Scenario, command: string) =>
    (readStarts(scenario.logPath) as Array<{ argv: string[] }>).some(entry => entry.argv.join(' ').startsWith(command))
  const ended = (scenario: Scenario, command: string) => calls(scenario).some(call => call.command === command)

  /** scenario.run() with a signal sent once `when` holds, as the runner does on cancel. */
  async function runSignalled(
    name: string,
    scenario: Scenario,
    when: (stdout: string) => boolean,
    inputs: Record<string, string> = {},
    signal: NodeJS.Signals = 'SIGTERM'
  ) {
    const run = await runAction({
      runnerDir: scenario.runnerDir,
      inputs: {
        app: scenario.app,
        'fly-api-token': world().token,
        'database-url': scenario.databaseUrl,
        host: scenario.host,
        'flyctl-version': '0.4.87',
        ...inputs
      },
      env: { FLYSIM_STATE: scenario.statePath, FLYSIM_LOG: scenario.logPath, NODE_EXTRA_CA_CERTS: world().certs.caPath, ...world().releases.env },
      signalWhen: when,
      signal
    })
    timings.push({ name, ms: run.durationMs, exitCode: run.exitCode, errors: errorsOf(run) })
    return run
  }

  it('a stalled read is stopped at its bound: one clear error, no write, no flyctl left running', async () => {
    const app = 'stalled-read-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }), faults: [{ match: 'ips list', stall: true }] })
    inject('ips list: never answers')
    const run = await timed('stalled read', scenario)
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `\`flyctl ips list -a ${app} --json\` did not finish within 15 s and was stopped. It only reads, so nothing was changed. Check https://status.flyio.net and the runner's network, then rerun the job.`
    ])
    // flyctl was told to stop (SIGTERM: it exits 127, as its cancelled context makes it) and did.
    expect(named(scenario, 'ips list').map(call => [call.exitCode, (call as { signal?: string }).signal])).toEqual([[127, 'SIGTERM']])
    expect(leftRunning(scenario)).toEqual([])
    expect(writeCalls(scenario)).toEqual([])
    expect(scenario.state().apps[app].ips.map((entry: FlyIp) => entry.Type)).toEqual(['private_v6'])
    expect(run.outputs).toEqual({})
    expectNoLeaks(scenario, run)
  })

  it('a stalled deploy is stopped at `deploy-timeout`, which flyctl also gets as --wait-timeout; the summary says it may have changed machines', async () => {
    const app = 'stalled-deploy-db'
    const cluster = withIps(app)
    const ids = (cluster.machines as Array<{ id: string }>).map(machine => machine.id)
    const scenario = await world().scenario({ app, cluster, faults: [{ match: 'deploy', stall: true }] })
    inject('deploy: never finishes')
    const run = await timed('stalled deploy (deploy-timeout 3)', scenario, { 'deploy-timeout': '3' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `The deploy of flyio/postgres-flex:16 to "${app}" did not finish within \`deploy-timeout\` (3 s) and flyctl was stopped. Some machines may already run the new config and others not, or still be restarting. ` +
        `Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing), with a larger \`deploy-timeout\` if the machines are just slow to start.`
    ])
    const deploys = named(scenario, 'deploy')
    expect(deploys).toHaveLength(1)
    expect(deploys[0].argv.join(' ')).toContain('--wait-timeout 3s')
    expect([deploys[0].exitCode, (deploys[0] as { signal?: string }).signal]).toEqual([127, 'SIGTERM'])
    expect(leftRunning(scenario)).toEqual([])
    expect(connectionsAfter(scenario, 'deploy')).toEqual([]) // no TLS check after it
    expect(run.summary).toContain(
      `<td>Deploy</td><td>started on ${ids.join(', ')} and did not finish: some machines may run the new config, check <code>fly status -a ${app}</code></td>`
    )
    expectNoLeaks(scenario, run)
  })

  it('SIGTERM during a read: passed on to flyctl, the action exits within seconds, nothing changed, and the summary says so', async () => {
    const app = 'sigterm-read-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }), faults: [{ match: 'machines list', stall: true }] })
    inject('runner: SIGTERM while `machines list` hangs')
    const run = await runSignalled('SIGTERM during a read', scenario, () => started(scenario, 'machines list') && ended(scenario, 'ips list'))
    expect(run.exitCode).toBe(143)
    expect(errorsOf(run)).toEqual([
      `Stopped by SIGTERM during "Read ${app}": flyctl was stopped and no flyctl is left running; temporary files were removed. Nothing had been changed on Fly.`
    ])
    expect(named(scenario, 'machines list').map(call => [call.exitCode, (call as { signal?: string }).signal])).toEqual([[127, 'SIGTERM']])
    expect(leftRunning(scenario)).toEqual([])
    expect(writeCalls(scenario)).toEqual([])
    expect(run.summary).toContain(`fly-pg-expose: stopped for ${app}`)
    expect(run.summary).toContain('Nothing had been changed on Fly.')
    expect(fs.readdirSync(path.join(scenario.runnerDir, 'temp')).filter(name => name.startsWith('fly-pg-expose-'))).toEqual([])
    expectNoLeaks(scenario, run)
  })

  it('SIGTERM mid-deploy: flyctl is stopped, no fly-pg-expose-* directory is left, and the log and summary name the machines the deploy had started on', async () => {
    const app = 'sigterm-db'
    const cluster = withIps(app)
    const ids = (cluster.machines as Array<{ id: string }>).map(machine => machine.id)
    const scenario = await world().scenario({ app, cluster, deployDelayMs: 60_000 })
    inject('runner: SIGTERM during a (60 s) deploy')
    const run = await runSignalled('SIGTERM mid-deploy', scenario, () => started(scenario, 'deploy'))
    // The signal landed mid-deploy.
    expect(run.stdout).toContain('::group::Deploy flyio/postgres-flex:16')
    expect(run.exitCode).toBe(143)
    const stopped =
      `Stopped by SIGTERM during "Deploy flyio/postgres-flex:16": flyctl was stopped and no flyctl is left running; temporary files were removed. ` +
      `The deploy had started on machines ${ids.join(', ')} and was stopped: some may already run the new config or still be restarting. ` +
      `Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`
    expect(errorsOf(run)).toEqual([stopped])
    expect(run.summary).toContain(`fly-pg-expose: failed for ${app}`)
    expect(run.summary).toContain(`The deploy had started on machines ${ids.join(', ')} and was stopped`)
    expect(run.summary).toContain(`<td>Deploy</td><td>started on ${ids.join(', ')} and did not finish`)
    const temp = path.join(scenario.runnerDir, 'temp')
    expect(fs.readdirSync(temp).filter(name => name.startsWith('fly-pg-expose-'))).toEqual([])
    // flyctl got the signal and stopped (exit 127): the deploy it started did not run on behind the action.
    const deploys = named(scenario, 'deploy')
    expect(deploys.map(call => [call.exitCode, (call as { signal?: string }).signal])).toEqual([[127, 'SIGTERM']])
    expect(leftRunning(scenario)).toEqual([])
    expect(scenario.state().apps[app].deploys).toEqual([])
    expectNoLeaks(scenario, run)
  })

  it('SIGINT while the IPv4 allocation hangs after Fly allocated it: the IPv6 allocated meanwhile is named, and the IPv4 is flagged as possibly allocated', async () => {
    const app = 'sigint-alloc-db'
    const scenario = await world().scenario({
      app,
      cluster: modernFlexCluster({ app }),
      faults: [{ match: 'ips allocate-v4', after: true, stall: true }]
    })
    inject('ips allocate-v4: allocates, then never answers; runner: SIGINT')
    const run = await runSignalled(
      'SIGINT during allocation',
      scenario,
      // Half a second after the IPv6 call ended, so the action has heard of it.
      () => ipsOf(scenario, 'v4').length === 1 && named(scenario, 'ips allocate-v6').some(call => Date.now() - call.end > 500),
      {},
      'SIGINT'
    )
    expect(run.exitCode).toBe(130)
    const v6 = ipsOf(scenario, 'v6')[0].Address
    expect(errorsOf(run)).toEqual([
      `Stopped by SIGINT during "Allocate public IPs": flyctl was stopped and no flyctl is left running; temporary files were removed. ` +
        `The dedicated IPv4 allocation was stopped midway and may have gone through: see \`fly ips list -a ${app}\` (a rerun keeps an address already there). ` +
        `The IPv6 ${v6} was allocated; it stays, and a rerun keeps it.`
    ])
    expect(named(scenario, 'ips allocate-v4').map(call => [call.exitCode, (call as { signal?: string }).signal, call.write])).toEqual([[127, 'SIGINT', true]])
    expect(leftRunning(scenario)).toEqual([])
    expect(run.summary).toContain(`<td>IPv6</td><td>${v6} allocated (public)</td>`)
    expect(run.summary).toContain('<td>IPv4</td><td>unknown: the dedicated allocation did not finish')
    expectNoLeaks(scenario, run)

    // A rerun keeps the IPv4 that went through: no second billed address.
    scenario.update(state => void (state.faults = []))
    const rerun = await timed('rerun after SIGINT', scenario)
    expect(rerun.exitCode).toBe(0)
    expect(ipsOf(scenario, 'v4')).toHaveLength(1)
    expect(named(scenario, 'ips allocate-v4')).toHaveLength(1)
  })

  it('SIGINT while a failed run waits for its new IPs to settle: one failure message and one summary', async () => {
    const app = 'sigint-after-failure-db'
    const scenario = await world().scenario({
      app,
      cluster: flexClusterWithoutService({ app }),
      faults: [
        // The read's `ips list` goes through (exit 0, its real output); the one after allocating never answers, so the
        // failed run is still waiting for its addresses to settle when the job is cancelled.
        { match: 'ips list', times: 1, after: true, exitCode: 0, stderr: '' },
        { match: 'ips list', stall: true },
        { match: 'deploy', exitCode: 1, stderr: 'Error: smoke checks for 1234 failed' }
      ]
    })
    inject('deploy: exit 1; the `ips list` after allocating never answers; runner: SIGINT while the failure waits for it')
    // The deploy stage closed (its [time] line): the failure is being reported, and it waits for the stalled list.
    const run = await runSignalled('SIGINT while a failure waits', scenario, stdout => stdout.includes('[time] Deploy flyio/postgres-flex:16: '), {}, 'SIGINT')
    expect(run.exitCode).toBe(130)
    const [v4] = ipsOf(scenario, 'v4').map(entry => entry.Address)
    // The deploy's failure, which came first; the cancel only cut the wait short.
    const errors = errorsOf(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^The deploy of flyio/postgres-flex:16 to "${app}" failed \\(flyctl exit 1\\): smoke checks for 1234 failed\\.`))
    expect(errors[0]).toContain(v4)
    expect(run.summary.match(/<h2>/g)).toHaveLength(1)
    expect(run.summary).toContain(`<h2>fly-pg-expose: failed for ${app}</h2>`)
    // The wait (for the creation second, or the stalled list) ended with the cancel: no list is left running.
    expect(named(scenario, 'ips list')[0].exitCode).toBe(0)
    expect(leftRunning(scenario)).toEqual([])
    expectNoLeaks(scenario, run)
  })
})
