// `ephemeral` and `export-env`, end to end: the main step, then the post step as the runner runs it (its own entry,
// dist/post/index.js, with what main saved through GITHUB_STATE handed back as STATE_*).
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import { callsOf, errorsOf, expectNoLeaks as expectClean, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { exposedFlexCluster, flexClusterWithoutService, ip, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { readStarts } from '../test-support/flyctl-sim/state.js'
import { FLYCTL_VERSION } from '../test-support/fly-world.js'
import { findLeaks, maskedFirst } from '../test-support/run-action.js'

const world = useWorld()
const expectNoLeaks = (scenario: Scenario, run: ActionRun) => expectClean(world(), scenario, run)
/**
 * The post step reads no password: the main step's masks hold for the whole job (the runner masks per job). No secret
 * shows anywhere, the token is masked first, and it reaches flyctl through the environment only.
 */
function expectPostClean(scenario: Scenario, run: ActionRun): void {
  expect(findLeaks(run, scenario.secrets())).toEqual([])
  expect(maskedFirst(run.stdout, [world().token])).toBe(true)
  expect(run.stderr).toBe('')
  for (const call of callsOf(scenario)) {
    expect(call.argv.join(' ')).not.toContain(world().token)
    expect(call.tokenSource).toBe('FLY_ACCESS_TOKEN')
  }
}
const addresses = (scenario: Scenario, app: string, type: string) =>
  (scenario.state().apps[app].ips as Array<{ Type: string; Address: string }>).filter(entry => entry.Type === type).map(entry => entry.Address)
/** The post step: the same inputs, and the state the main step saved. */
const post = (scenario: Scenario, main: ActionRun, inputs: Record<string, string> = {}) => scenario.run(inputs, {}, { state: main.state })

describe('ephemeral: public only while the job runs', () => {
  it('the post step releases exactly the addresses the run allocated; the cluster is private again', async () => {
    const app = 'ephemeral-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const main = await scenario.run({ ephemeral: 'true' })
    expect(main.exitCode).toBe(0)
    const [v4] = addresses(scenario, app, 'v4')
    const [v6] = addresses(scenario, app, 'v6')
    expect(JSON.parse(main.state.ephemeral)).toEqual({ app, addresses: [v4, v6] })
    expect(main.stdout).toContain(`Ephemeral: ${v4} and ${v6} (allocated by this run) will be released when the job ends`)
    expect(main.summary).toContain(`⏳ Ephemeral: ${v4} and ${v6} (allocated by this run) will be released when the job ends`)

    const callsBefore = callsOf(scenario).length
    const after = await post(scenario, main, { ephemeral: 'true' })
    expect(after.exitCode).toBe(0)
    expect(errorsOf(after)).toEqual([])
    expect(
      callsOf(scenario)
        .slice(callsBefore)
        .map(call => call.argv.join(' '))
        .sort()
    ).toEqual([`ips release ${v4} -a ${app}`, `ips release ${v6} -a ${app}`].sort())
    expect(scenario.state().apps[app].ips.map((entry: { Type: string }) => entry.Type)).toEqual(['private_v6'])
    expect(after.stdout).toContain(`Released ${v4}, ${v6} from ${app}: the database is no longer public on them.`)
    expect(after.summary).toContain(`${v4}: released`)
    expect(after.summary).toContain('A pg_tls service this run added stays on the machines')
    expectNoLeaks(scenario, main)
    expectPostClean(scenario, after)
  })

  it('addresses that were there before the run are never touched', async () => {
    const app = 'ephemeral-kept-db'
    // A dedicated IPv4 from before; no IPv6 yet.
    const before = ip('v4', { seed: `${app}/v4` })
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app, ips: [ip('private_v6', { seed: `${app}/flycast` }), before] }) })
    const main = await scenario.run({ ephemeral: 'true' })
    expect(main.exitCode).toBe(0)
    const [v6] = addresses(scenario, app, 'v6')
    expect(JSON.parse(main.state.ephemeral)).toEqual({ app, addresses: [v6] })
    const after = await post(scenario, main, { ephemeral: 'true' })
    expect(after.exitCode).toBe(0)
    expect(
      callsOf(scenario)
        .filter(call => call.command === 'ips release')
        .map(call => call.argv[2])
    ).toEqual([v6])
    expect(addresses(scenario, app, 'v4')).toEqual([before.Address])
    expect(addresses(scenario, app, 'v6')).toEqual([])
  })

  it('a main step that failed after allocating is still cleaned up', async () => {
    const app = 'ephemeral-failed-db'
    const scenario = await world().scenario({
      app,
      cluster: flexClusterWithoutService({ app }),
      faults: [{ match: 'deploy', exitCode: 1, stderr: 'Error: smoke checks for 1234 failed' }]
    })
    const main = await scenario.run({ ephemeral: 'true' })
    expect(main.exitCode).toBe(1)
    const [v4] = addresses(scenario, app, 'v4')
    const [v6] = addresses(scenario, app, 'v6')
    expect(JSON.parse(main.state.ephemeral).addresses.sort()).toEqual([v4, v6].sort())
    // Not "to undo, release it": the post step does.
    expect(errorsOf(main)[0]).toContain(`This run allocated the dedicated IPv4 ${v4}; the post step releases it when the job ends (\`ephemeral: true\`).`)
    const after = await post(scenario, main, { ephemeral: 'true' })
    expect(after.exitCode).toBe(0)
    expect(addresses(scenario, app, 'v4')).toEqual([])
    expect(addresses(scenario, app, 'v6')).toEqual([])
    expectPostClean(scenario, after)
  })

  it('a main step cancelled mid-deploy (the job was cancelled) is still cleaned up by its post step', async () => {
    const app = 'ephemeral-cancelled-db'
    // The deploy never finishes on its own: the job is cancelled while it runs, as the runner does (SIGTERM).
    const scenario = await world().scenario({ app, cluster: flexClusterWithoutService({ app }), faults: [{ match: 'deploy', stall: true }] })
    const deploying = () => (readStarts(scenario.logPath) as Array<{ argv: string[] }>).some(entry => entry.argv[0] === 'deploy')
    const main = await scenario.run({ ephemeral: 'true' }, {}, { signalWhen: deploying })
    expect(main.exitCode).toBe(143)
    const [v4] = addresses(scenario, app, 'v4')
    const [v6] = addresses(scenario, app, 'v6')
    // Each address was recorded for the post step as it appeared, before the cancel.
    expect(JSON.parse(main.state.ephemeral).addresses.sort()).toEqual([v4, v6].sort())
    // The message says what the cancel left, and that the post step takes the addresses back.
    const [message] = errorsOf(main)
    expect(message).toMatch(/^Stopped by SIGTERM during "Deploy flyio\/postgres-flex:16": /)
    expect(message).toContain(`The dedicated IPv4 ${v4} was allocated; the post step releases it when the job ends (\`ephemeral: true\`).`)
    expect(message).toContain(`The IPv6 ${v6} was allocated; the post step releases it when the job ends (\`ephemeral: true\`).`)
    const after = await post(scenario, main, { ephemeral: 'true' })
    expect(after.exitCode).toBe(0)
    expect(scenario.state().apps[app].ips.map((entry: { Type: string }) => entry.Type)).toEqual(['private_v6'])
    expectNoLeaks(scenario, main)
    expectPostClean(scenario, after)
  })

  it('a release that fails warns with the command to run by hand, and the post step still passes', async () => {
    const app = 'ephemeral-stuck-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const main = await scenario.run({ ephemeral: 'true', ipv6: 'false' })
    expect(main.exitCode).toBe(0)
    const [v4] = addresses(scenario, app, 'v4')
    scenario.update(state => {
      state.faults = [{ match: 'ips release', exitCode: 1, stderr: 'Error: failed to run mutation(...): 502 Bad Gateway' }]
    })
    const after = await post(scenario, main, { ephemeral: 'true', ipv6: 'false' })
    expect(after.exitCode).toBe(0)
    expect(after.stdout).toContain(
      `::warning::Could not release ${v4} from ${app} (\`flyctl ips release ${v4} -a ${app}\` failed (exit 1): failed to run mutation(...): 502 Bad Gateway.): release it by hand with \`fly ips release ${v4} -a ${app}\`.`
    )
    expect(after.summary).toContain(`${v4}: NOT released, run <code>fly ips release ${v4} -a ${app}</code>`)
    expect(addresses(scenario, app, 'v4')).toEqual([v4])
  })

  it('a post step with nothing to do makes no flyctl call: not ephemeral, or nothing allocated', async () => {
    const app = 'not-ephemeral-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    for (const inputs of [{}, { ephemeral: 'true' }] as Array<Record<string, string>>) {
      const main = await scenario.run(inputs)
      expect(main.exitCode).toBe(0)
      const callsBefore = callsOf(scenario).length
      const after = await post(scenario, main, inputs)
      expect(after.exitCode).toBe(0)
      expect(callsOf(scenario).length).toBe(callsBefore)
      expect(after.stdout).toMatch(/fly-pg-expose: (not an ephemeral run|this run allocated no public address on not-ephemeral-db: nothing to release)/)
    }
  })
})

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}
const releaseCalls = (scenario: Scenario, from: number) =>
  callsOf(scenario)
    .slice(from)
    .filter(call => call.command === 'ips release')
    .map(call => call.argv.join(' '))
const publicIps = (scenario: Scenario, app: string) =>
  (scenario.state().apps[app].ips as Array<{ Type: string; Address: string }>).filter(entry => entry.Type !== 'private_v6').map(entry => entry.Address)

describe("the post step needs only the token, `ephemeral`, `app` and the main step's flyctl", () => {
  it('a `config` file removed before the post step does not stop the release', async () => {
    const app = 'ephemeral-config-gone-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const file = path.join(scenario.runnerDir, 'workspace', 'fly.toml')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, `app = "${app}"\nprimary_region = "iad"\n`)
    const main = await scenario.run({ ephemeral: 'true', config: 'fly.toml' })
    expect(main.exitCode).toBe(0)
    expect(publicIps(scenario, app)).toHaveLength(2)
    fs.rmSync(file)
    const after = await post(scenario, main, { ephemeral: 'true', config: 'fly.toml' })
    expect(after.exitCode).toBe(0)
    expect(after.stdout).not.toContain('::warning::')
    expect(publicIps(scenario, app)).toEqual([])
    expectPostClean(scenario, after)
  })

  it('with `flyctl-version: latest`, the post step uses the flyctl the main step resolved: no releases endpoint, no download', async () => {
    const app = 'ephemeral-latest-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const main = await scenario.run({ ephemeral: 'true', 'flyctl-version': 'latest' })
    expect(main.exitCode).toBe(0)
    const closed = `http://127.0.0.1:${await closedPort()}`
    const after = await scenario.run(
      { ephemeral: 'true', 'flyctl-version': 'latest' },
      { FLY_PG_EXPOSE_RELEASES_API: `${closed}/api`, FLY_PG_EXPOSE_DOWNLOAD_BASE: `${closed}/download` },
      { state: main.state }
    )
    expect(after.exitCode).toBe(0)
    expect(after.stdout).not.toContain('::warning::')
    expect(after.stdout).toContain(`flyctl ${main.outputs['flyctl-version']} found in the tool cache`)
    expect(publicIps(scenario, app)).toEqual([])
    expectPostClean(scenario, after)
  })
})

describe('the post step trusts the saved state only as far as its inputs allow', () => {
  it('a non-ephemeral run: a STATE_ephemeral a later step put in the job env releases nothing', async () => {
    const app = 'forged-state-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const before = publicIps(scenario, app)
    expect(before).toHaveLength(2)
    const main = await scenario.run({})
    expect(main.exitCode).toBe(0)
    const forged = JSON.stringify({ app, addresses: before })
    const callsBefore = callsOf(scenario).length
    // As the runner builds it: the job env (GITHUB_ENV of a later step), then the state the main step saved.
    const after = await scenario.run({}, { STATE_ephemeral: forged, STATE_flyctlVersion: FLYCTL_VERSION }, { state: main.state })
    expect(after.exitCode).toBe(0)
    expect(callsOf(scenario).length).toBe(callsBefore)
    expect(publicIps(scenario, app)).toEqual(before)
    // Even with the forged state handed over as if the main step had saved it: `ephemeral` is not true.
    const handed = await scenario.run({}, {}, { state: { ephemeral: forged, flyctlVersion: FLYCTL_VERSION } })
    expect(handed.exitCode).toBe(0)
    expect(callsOf(scenario).length).toBe(callsBefore)
    expect(publicIps(scenario, app)).toEqual(before)
    expect(handed.stdout).toContain('fly-pg-expose: not an ephemeral run (`ephemeral` is not true): nothing to release.')
  })

  it('an ephemeral post step releases only on its `app`: a state naming another app is refused', async () => {
    const app = 'forged-app-db'
    const other = 'forged-other-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const before = publicIps(scenario, app)
    const callsBefore = callsOf(scenario).length
    const state = { ephemeral: JSON.stringify({ app: other, addresses: before }), flyctlVersion: FLYCTL_VERSION }
    const after = await scenario.run({ ephemeral: 'true' }, {}, { state })
    expect(after.exitCode).toBe(0)
    expect(callsOf(scenario).length).toBe(callsBefore)
    expect(after.stdout).toContain(`::warning::fly-pg-expose: the saved state does not name this step's app "${app}"`)
    expect(publicIps(scenario, app)).toEqual(before)
  })

  it('an address released already (here by a later `mode: teardown` step) is reported as gone, with no "release it by hand"', async () => {
    const app = 'ephemeral-torn-down-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const main = await scenario.run({ ephemeral: 'true' })
    expect(main.exitCode).toBe(0)
    const addresses = JSON.parse(main.state.ephemeral).addresses as string[]
    expect(addresses).toHaveLength(2)
    const teardown = await scenario.run({ mode: 'teardown', 'release-ips': 'true' })
    expect(teardown.exitCode).toBe(0)
    expect(publicIps(scenario, app)).toEqual([])
    const callsBefore = callsOf(scenario).length
    const after = await post(scenario, main, { ephemeral: 'true' })
    expect(after.exitCode).toBe(0)
    expect(releaseCalls(scenario, callsBefore)).toHaveLength(2)
    expect(after.stdout).not.toContain('::warning::')
    for (const address of addresses) {
      expect(after.stdout).toContain(`${address} was released already (by another step or run).`)
      expect(after.summary).toContain(`${address}: released already`)
    }
    expectPostClean(scenario, after)
  })
})

describe('the post step has its own entry', () => {
  it('run with no saved state at all (GITHUB_STATE unset in the main step), it does nothing but say so', async () => {
    const app = 'no-state-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    // Without GITHUB_STATE the main step's state goes to stdout (::save-state::), which a runner may drop.
    const main = await scenario.run({ ephemeral: 'true' }, { GITHUB_STATE: undefined })
    expect(main.exitCode).toBe(0)
    const callsBefore = callsOf(scenario).length
    const after = await scenario.run({ ephemeral: 'true' }, { GITHUB_STATE: undefined }, { state: {} })
    expect(after.exitCode).toBe(0)
    expect(callsOf(scenario).length).toBe(callsBefore)
    expect(after.stdout).toContain('fly-pg-expose: nothing to release (the main step allocated no address, or did not run).')
    expect(after.outputs).toEqual({})
    expect(after.summary).toBe('')
  })
})

describe('export-env', () => {
  it('exports the masked URL for the later steps of the job', async () => {
    const app = 'export-env-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const run = await scenario.run({ 'export-env': 'DATABASE_URL' })
    expect(run.exitCode).toBe(0)
    expect(run.exported).toEqual({ DATABASE_URL: run.outputs['database-url'] })
    expect(run.outputs['database-url']).toMatch(/^postgres:\/\//)
    expectNoLeaks(scenario, run)
  })
})
