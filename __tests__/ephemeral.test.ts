// `ephemeral` and `export-env`, end to end: the main step, then the post step as the runner runs it (the same bundle,
// with what main saved through GITHUB_STATE handed back as STATE_*).
import { describe, expect, it } from '@jest/globals'
import { callsOf, errorsOf, expectNoLeaks as expectClean, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { exposedFlexCluster, flexClusterWithoutService, ip, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { readStarts } from '../test-support/flyctl-sim/state.js'

const world = useWorld()
const expectNoLeaks = (scenario: Scenario, run: ActionRun) => expectClean(world(), scenario, run)
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
    expectNoLeaks(scenario, after)
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
    expectNoLeaks(scenario, after)
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
    expectNoLeaks(scenario, after)
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
      expect(after.stdout).toMatch(/fly-pg-expose: (nothing to release|this run allocated no public address on not-ephemeral-db: nothing to release)/)
    }
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
