// End to end: the bundled action (node dist/index.js) as the runner starts it, against the flyctl simulator,
// the Fly edge and a real TLS Postgres.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'smol-toml'
import { expectNoLeaks as expectClean, useWorld, type ActionRun, type Call, type Scenario } from './support/action-world.js'
import { exposedFlexCluster, flexClusterWithoutService, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { callsOverlap } from '../test-support/flyctl-sim/state.js'
import { ASSET_ARCH as assetArch, seedToolCacheAsSetupFlyctl } from './support/tool-cache.js'
import { NODE_24 } from '../test-support/run-action.js'
import { SAME_SECOND_MS } from '../src/effects/ips.js'

const world = useWorld()

const reads = (calls: Call[]) =>
  calls
    .filter(c => !c.write)
    .map(c => c.command)
    .sort()
const writes = (calls: Call[]) =>
  calls
    .filter(c => c.write)
    .map(c => c.command)
    .sort()

const expectNoLeaks = (scenario: Scenario, run: ActionRun) => expectClean(world(), scenario, run)

/** Resolves once every public address of the app is older than the window in which a run treats it as fresh. */
async function waitForCreationSecondsToEnd(scenario: Scenario): Promise<void> {
  const ips = scenario.state().apps[scenario.app].ips as Array<{ CreatedAt: string }>
  const newest = Math.max(0, ...ips.map(ip => Date.parse(ip.CreatedAt) || 0))
  const wait = newest + 1000 + SAME_SECOND_MS + 100 - Date.now()
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
}

describe('the bundled action', () => {
  it('a modern cluster only needs IPs: no deploy, no restart, a verified masked URL', async () => {
    // Each API call costs 200 ms here, so calls that run together visibly overlap.
    const scenario = await world().scenario({ app: 'modern-db', cluster: modernFlexCluster({ app: 'modern-db' }), apiDelayMs: 200 })
    const run = await scenario.run()
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)

    const calls = scenario.calls() as Call[]
    // The two reads, and one more list after allocating (to converge with runs that allocated at the same time).
    expect(reads(calls)).toEqual(['ips list', 'ips list', 'machines list'])
    expect(writes(calls)).toEqual(['ips allocate-v4', 'ips allocate-v6'])
    const relist = calls.filter(c => c.command === 'ips list')[1]
    expect(calls.filter(c => c.command.startsWith('ips allocate')).every(c => c.end <= relist.start)).toBe(true)
    expect(callsOverlap(calls, 'ips list', 'machines list')).toBe(true)
    expect(callsOverlap(calls, 'ips allocate-v4', 'ips allocate-v6')).toBe(true)
    const allocateV4 = calls.find(c => c.command === 'ips allocate-v4')
    expect(allocateV4?.argv).toContain('--yes')
    expect(scenario.state().apps['modern-db'].deploys).toEqual([])

    const state = scenario.state().apps['modern-db']
    const v4 = state.ips.find((ip: { Type: string }) => ip.Type === 'v4').Address
    const v6 = state.ips.find((ip: { Type: string }) => ip.Type === 'v6').Address
    expect(run.outputs).toMatchObject({
      'database-url': `postgres://postgres:${encodeURIComponent(world().password)}@${scenario.host}:5432/postgres?sslmode=require`,
      host: scenario.host,
      port: '5432',
      ipv4: v4,
      ipv6: v6,
      image: 'flyio/postgres-flex:16.11',
      deployed: 'false',
      changed: 'true',
      'flyctl-version': '0.4.87',
      'tls-version': 'TLSv1.3'
    })
    expect(run.outputs['postgres-version']).toMatch(/^\d+\.\d+/)
    // The attempt made beside the reads (refused: no public IP yet) was dropped without a word; the check that
    // counts came after the allocations, and the same-second wait ran beside it.
    expect(run.stdout).not.toMatch(/^attempt \d+:/m)
    const allocated = Math.max(...calls.filter(c => c.command.startsWith('ips allocate')).map(c => c.end))
    expect(scenario.edge.decisions.filter(d => d.ok).every(d => d.at >= allocated)).toBe(true)
    expect(run.stdout).toMatch(/^\[wait\] \d+ ms more for the creation second of fresh public IPs to end/m)
    expect(run.summary).toContain(`modern-db is reachable at ${scenario.host}:5432`)
    expect(run.summary).toContain(`postgres://postgres:***@${scenario.host}:5432/postgres?sslmode=require`)
    expect(run.stdout).toContain('::group::Install flyctl')
    expect(run.stdout).toContain('no deploy, no restart')
    expectNoLeaks(scenario, run)
  })

  it('a cluster without the service gets it in one deploy, keeping mounts and the restart policy', async () => {
    const scenario = await world().scenario({ app: 'old-db', cluster: flexClusterWithoutService({ app: 'old-db' }), restartMs: 1500 })
    const run = await scenario.run()
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)

    const calls = scenario.calls() as Call[]
    // ... and the members read again right before the deploy (another run may have added the service meanwhile).
    expect(reads(calls)).toEqual(['config save', 'ips list', 'ips list', 'machines list', 'machines list'])
    expect(writes(calls)).toEqual(['deploy', 'ips allocate-v4', 'ips allocate-v6'])
    expect(calls.filter(c => c.command === 'deploy')).toHaveLength(1)
    const deploy = calls.find(c => c.command === 'deploy')
    expect(deploy?.argv).toEqual(expect.arrayContaining(['--image', 'flyio/postgres-flex:16', '--remote-only']))

    const app = scenario.state().apps['old-db']
    expect(app.deploys).toHaveLength(1)
    const deployed = parse(app.deploys[0].toml) as { mounts: unknown; restart: unknown; services: unknown[] }
    expect(deployed.mounts).toEqual([{ source: 'pg_data', destination: '/data' }])
    expect(deployed.restart).toEqual([{ policy: 'always' }])
    for (const machine of app.machines) {
      expect(machine.config.restart.policy).toBe('always')
      expect(machine.config.mounts).toHaveLength(1)
      expect(machine.image_ref.repository).toBe('flyio/postgres-flex')
    }
    expect(run.outputs).toMatchObject({ deployed: 'true', changed: 'true', image: 'flyio/postgres-flex:16' })
    // The edge refused while the machines restarted: the TLS check waited and retried.
    expect(scenario.edge.connections.refused).toBeGreaterThan(0)
    expect(run.summary).toContain('added [[services]] 5432 -&gt; 5432 with handlers ["pg_tls"]')
    expectNoLeaks(scenario, run)
  })

  it('a second run changes nothing: two reads, no writes', async () => {
    const scenario = await world().scenario({ app: 'twice-db', cluster: modernFlexCluster({ app: 'twice-db' }) })
    const requestsBefore = world().releases.requests.length
    const first = await scenario.run()
    // A pinned version goes straight to the release asset: the releases endpoint is never asked.
    expect(world().releases.requests.slice(requestsBefore)).toEqual([`/download/v0.4.87/flyctl_0.4.87_Linux_${assetArch}.tar.gz`])
    expect(first.exitCode).toBe(0)
    // A rerun comes seconds later, not within the addresses' creation second, when a run rightly waits that second
    // out and lists again (tested in ips.test.ts): wait until the window is over, so this never hangs on the clock.
    await waitForCreationSecondsToEnd(scenario)
    const callsAfterFirst = scenario.calls().length
    // The reads are held until the edge has seen the TLS check's connection: it must start beside them, not after.
    scenario.update(state => ({ ...state, holds: { reads: true } }))
    const decisionsBefore = scenario.edge.decisions.length
    const running = scenario.run()
    while (scenario.edge.decisions.length === decisionsBefore) await new Promise(resolve => setTimeout(resolve, 20))
    scenario.update(state => ({ ...state, holds: {} }))
    const second = await running
    expect(second.exitCode).toBe(0)
    const calls = (scenario.calls() as Call[]).slice(callsAfterFirst)
    expect(reads(calls)).toEqual(['ips list', 'machines list'])
    expect(writes(calls)).toEqual([])
    expect(second.outputs).toMatchObject({ changed: 'false', deployed: 'false', ipv4: first.outputs.ipv4, ipv6: first.outputs.ipv6 })
    expect(second.outputs['database-url']).toBe(first.outputs['database-url'])
    // Nothing changed, so the TLS check made beside the reads is the run's check: one connection, before they ended.
    expect(scenario.edge.decisions.slice(decisionsBefore).map(d => d.ok)).toEqual([true])
    expect(second.summary).toContain('verified after 1 attempt(s)')
    // The runner's tool cache already holds flyctl: the second run downloads nothing.
    expect(second.stdout).toContain('flyctl 0.4.87 found in the tool cache')
    expectNoLeaks(scenario, second)
  })

  it('a dry run shows the warnings of the plan, `config` unused with `method: machines` among them', async () => {
    const scenario = await world().scenario({ app: 'dry-cfg-db', cluster: flexClusterWithoutService({ app: 'dry-cfg-db' }) })
    const workspace = path.join(scenario.runnerDir, 'workspace')
    fs.mkdirSync(workspace, { recursive: true })
    fs.writeFileSync(path.join(workspace, 'fly.toml'), 'app = "dry-cfg-db"\n')
    const run = await scenario.run({ 'dry-run': 'true', method: 'machines', config: 'fly.toml' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('::warning::`config` is not used with `method: machines`: no fly.toml is deployed.')
    expect(writes(scenario.calls() as Call[])).toEqual([])
    expectNoLeaks(scenario, run)
  })

  it('dry-run prints the plan and changes nothing', async () => {
    const scenario = await world().scenario({ app: 'dry-db', cluster: flexClusterWithoutService({ app: 'dry-db' }) })
    const before = fs.readFileSync(scenario.statePath, 'utf8')
    const run = await scenario.run({ 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(writes(scenario.calls() as Call[])).toEqual([])
    expect(fs.readFileSync(scenario.statePath, 'utf8')).toBe(before)
    expect(run.stdout).toContain('allocate a dedicated IPv4')
    expect(run.stdout).toContain('allocate an IPv6')
    expect(run.stdout).toContain('deploy flyio/postgres-flex:16 with a pg_tls service 5432 -> 5432')
    expect(run.stdout).toContain('dry-run: nothing was changed.')
    expect(scenario.edge.connections).toEqual({ accepted: 0, refused: 0 })
    expect(run.outputs['database-url']).toBeUndefined()
    expect(run.outputs).toMatchObject({ changed: 'false', deployed: 'false' })
    expect(run.summary).toContain('dry run for dry-db')
    expectNoLeaks(scenario, run)
  })

  it('waits for a TLS server that comes up late', async () => {
    const scenario = await world().scenario({ app: 'late-db', cluster: exposedFlexCluster({ app: 'late-db' }), edge: { dropFirst: 4 } })
    const run = await scenario.run()
    expect(run.exitCode).toBe(0)
    expect(scenario.edge.connections.refused).toBe(4)
    expect(run.stdout).toMatch(/attempt 4: .*retrying in \d+ ms/)
    expect(run.summary).toContain('verified after 5 attempt(s)')
    expect(writes(scenario.calls() as Call[])).toEqual([])
    expectNoLeaks(scenario, run)
  })

  it("deploys from the user's own fly.toml without saving the remote one, and leaves the file as it was", async () => {
    const scenario = await world().scenario({ app: 'own-config-db', cluster: flexClusterWithoutService({ app: 'own-config-db' }) })
    const workspace = path.join(scenario.runnerDir, 'workspace')
    fs.mkdirSync(path.join(workspace, 'deploy'), { recursive: true })
    const userConfig = [
      '# our database, kept in git',
      "app = 'own-config-db'",
      "primary_region = 'iad'",
      '',
      '[env]',
      "  PRIMARY_REGION = 'iad'",
      '',
      '[[mounts]]',
      "  source = 'pg_data'",
      "  destination = '/data'",
      ''
    ].join('\n')
    const configPath = path.join(workspace, 'deploy', 'db.fly.toml')
    fs.writeFileSync(configPath, userConfig)
    const run = await scenario.run({ config: 'deploy/db.fly.toml' })
    expect(run.exitCode).toBe(0)
    expect(fs.readFileSync(configPath, 'utf8')).toBe(userConfig)
    const calls = scenario.calls() as Call[]
    expect(calls.map(c => c.command)).not.toContain('config save')
    const deployed = scenario.state().apps['own-config-db'].deploys[0].toml as string
    expect(deployed.startsWith(userConfig)).toBe(true)
    expect(parse(deployed)).toMatchObject({ services: [{ internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] }] })
    expectNoLeaks(scenario, run)
  })

  it('installs the latest flyctl through the releases endpoint', async () => {
    const scenario = await world().scenario({ app: 'latest-db', cluster: exposedFlexCluster({ app: 'latest-db' }) })
    const run = await scenario.run({ 'flyctl-version': 'latest' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['flyctl-version']).toBe('0.4.87')
    expect(world().releases.requests).toContain(`/api/Linux/${assetArch}/latest`)
    // Cached under setup-flyctl's key, so a later setup-flyctl step (or this action) finds it.
    const cached = path.join(scenario.runnerDir, 'tool-cache', 'flyctl', '0.4.87', assetArch)
    expect(fs.existsSync(path.join(cached, 'flyctl'))).toBe(true)
    expect(fs.existsSync(`${cached}.complete`)).toBe(true)
    expect(fs.readlinkSync(path.join(cached, 'fly'))).toBe('flyctl')
  })

  // superfly/flyctl-actions setup-flyctl: tc.cacheDir(extracted, 'flyctl', version, 'x86_64' | 'arm64'). Its older
  // releases' key (node's arch) is install.test.ts's.
  it('uses the flyctl setup-flyctl cached: no download, no request', async () => {
    const arch = assetArch
    const app = `cached-${arch.replace('_', '-')}-db`
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const cached = seedToolCacheAsSetupFlyctl(path.join(scenario.runnerDir, 'tool-cache'), '0.4.87', arch)
    const requestsBefore = world().releases.requests.length
    const run = await scenario.run()
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`flyctl 0.4.87 found in the tool cache: ${cached}`)
    expect(world().releases.requests.slice(requestsBefore)).toEqual([])
    // Nothing else was cached beside it: the one entry served.
    expect(fs.readdirSync(path.join(scenario.runnerDir, 'tool-cache', 'flyctl', '0.4.87')).sort()).toEqual([arch, `${arch}.complete`])
    expect(reads(scenario.calls() as Call[])).toEqual(['ips list', 'machines list'])
    expectNoLeaks(scenario, run)
  })
})

describe('the runtime action.yml names', () => {
  ;(fs.existsSync(NODE_24) ? it : it.skip)('the bundle runs on Node 24 (node24), as the runner starts it (needs `npm ci --prefix tools/node24`)', async () => {
    expect(execFileSync(NODE_24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./)
    const scenario = await world().scenario({ app: 'node24-db', cluster: modernFlexCluster({ app: 'node24-db' }) })
    const run = await scenario.run({}, {}, { node: NODE_24 })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(writes(scenario.calls() as Call[])).toEqual(['ips allocate-v4', 'ips allocate-v6'])
    expect(run.outputs['database-url']).toBe(`postgres://postgres:${encodeURIComponent(world().password)}@${scenario.host}:5432/postgres?sslmode=require`)
    expect(run.outputs['tls-version']).toBe('TLSv1.3')
    expectNoLeaks(scenario, run)
  })
})
