// End to end: the bundled action against what the real `fly deploy` and `fly machine update` do (flyctl and fly-go
// source, modelled by the simulator): clusters made before March 2023, console and barman machines, restart
// policies in two vocabularies, `:<major>` moving to the newest build, and `method: machines`.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'smol-toml'
import { callsOf, errorsOf, expectNoLeaks as expectClean, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import {
  LATEST_FLEX_VERSION,
  barmanMachine,
  consoleMachine,
  flexClusterWithoutService,
  imageRef,
  ip,
  preV2Cluster
} from '../test-support/flyctl-sim/clusters.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const world = useWorld()
const expectNoLeaks = (scenario: Scenario, run: ActionRun) => expectClean(world(), scenario, run)
const commands = (scenario: Scenario) => callsOf(scenario).map(call => call.command)
const writes = (scenario: Scenario) =>
  callsOf(scenario)
    .filter(call => call.write)
    .map(call => call.command)
    .sort()
const appOf = (scenario: Scenario): Json => scenario.state().apps[scenario.app]
const withoutServices = (machine: Json) => {
  const { services: _services, ...rest } = machine.config
  return rest
}

describe('method: machines', () => {
  it('a cluster made before March 2023: each member gets the service in place, replicas first, keeping everything else', async () => {
    const app = 'pre-v2-db'
    const cluster = preV2Cluster({ app, machines: 3, machineOpts: { restart: { policy: 'on-failure', max_retries: 50 } } })
    const scenario = await world().scenario({ app, cluster, restartMs: 800 })
    const before = appOf(scenario).machines as Json[]
    const [primary, replica1, replica2] = before.map(m => m.id as string)
    const run = await scenario.run({ method: 'machines' })
    expect(errorsOf(run)).toEqual([])
    expect(run.exitCode).toBe(0)

    // Replicas first, the primary last, one at a time; no fly.toml, no deploy.
    const updates = callsOf(scenario).filter(call => call.command === 'machines update')
    expect(updates.map(call => call.argv)).toEqual(
      [replica1, replica2, primary].map(id => ['machine', 'update', id, '-a', app, '--port', '5432:5432/tcp:pg_tls', '--yes', '--wait-timeout', '900'])
    )
    for (let i = 1; i < updates.length; i++) expect(updates[i].start).toBeGreaterThanOrEqual(updates[i - 1].end)
    expect(commands(scenario)).not.toContain('config save')
    expect(writes(scenario)).toEqual(['ips allocate-v4', 'ips allocate-v6', 'machines update', 'machines update', 'machines update'])

    // Only the service changed: image, env, mounts, metadata and restart policy are exactly as before.
    const after = appOf(scenario)
    expect(after.deploys).toEqual([])
    for (const machine of after.machines as Json[]) {
      const old = before.find(m => m.id === machine.id)
      expect(withoutServices(machine)).toEqual(withoutServices(old))
      expect(machine.image_ref).toEqual(old.image_ref)
      expect(machine.config.services).toEqual([{ protocol: 'tcp', internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] }])
    }
    expect(run.outputs).toMatchObject({ deployed: 'true', changed: 'true', image: 'flyio/postgres-flex:16.11', 'tls-version': 'TLSv1.3' })
    expect(run.stdout).toContain('fly machine update --port 5432:5432/tcp:pg_tls on 3 member(s), one at a time, replicas first and the primary last')
    expect(run.stdout).toContain(`  member ${primary} (primary): flyio/postgres-flex:16.11 (v0.0.62), restarts with the same image`)
    expect(run.summary).toContain(`Member ${primary} (primary)</td><td>flyio/postgres-flex:16.11 (v0.0.62) (same image): restarted`)
    expect(run.summary).toContain('yes: fly machine update, one member at a time')
    // The edge refused while members restarted: the TLS check waited.
    expect(scenario.edge.connections.refused).toBeGreaterThan(0)
    expectNoLeaks(scenario, run)
  })

  it("dry-run prints each member's update in order and changes nothing", async () => {
    const app = 'dry-machines-db'
    const scenario = await world().scenario({ app, cluster: preV2Cluster({ app }) })
    const before = fs.readFileSync(scenario.statePath, 'utf8')
    const [primary, replica] = (appOf(scenario).machines as Json[]).map(m => m.id as string)
    const run = await scenario.run({ method: 'machines', 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(writes(scenario)).toEqual([])
    expect(fs.readFileSync(scenario.statePath, 'utf8')).toBe(before)
    const lines = run.stdout.split('\n')
    expect(lines.findIndex(line => line.startsWith(`  member ${replica} (replica)`))).toBeLessThan(
      lines.findIndex(line => line.startsWith(`  member ${primary} (primary)`))
    )
    expect(run.summary).toContain('would run: fly machine update, one member at a time')
    expect(run.summary).toContain(`Member ${primary} (primary)</td><td>flyio/postgres-flex:16.11 (v0.0.62) (same image): would restart`)
    expectNoLeaks(scenario, run)
  })

  it('a member that does not become healthy stops the run: the rest untouched, and what changed is named with its undo', async () => {
    const app = 'unhealthy-db'
    const cluster = preV2Cluster({ app, machines: 3 })
    const scenario = await world().scenario({ app, cluster })
    const [primary, replica1, replica2] = (appOf(scenario).machines as Json[]).map(m => m.id as string)
    scenario.update(state => {
      state.unhealthyAfterUpdate = [replica2]
    })
    const run = await scenario.run({ method: 'machines' })
    expect(run.exitCode).toBe(1)
    const ips = appOf(scenario).ips as Json[]
    const v4 = ips.find(entry => entry.Type === 'v4').Address
    const v6 = ips.find(entry => entry.Type === 'v6').Address
    expect(errorsOf(run)).toEqual([
      `\`fly machine update\` of member ${replica2} of "${app}" failed (flyctl exit 1): failed to wait for health checks to pass: Waiting for 3 non-passing checks. ` +
        `It was not retried; ${replica2} may already run with the service. Members ${primary} were not touched. ` +
        `Check the member with \`fly machine status ${replica2} -a ${app}\`; once it is healthy, rerun this action (it updates only members still lacking the service). ` +
        `This run allocated the dedicated IPv4 ${v4}; to undo: \`fly ips release ${v4} -a ${app}\`. ` +
        `This run allocated the IPv6 ${v6}; to undo: \`fly ips release ${v6} -a ${app}\`. ` +
        `Members ${replica1} already serve pg_tls on port 5432 (harmless to keep; to remove it from one: \`fly machine update <id> -a ${app} --port 5432:5432/tcp:- --yes\`, which drops every port of its service on internal port 5432).`
    ])
    expect(
      callsOf(scenario)
        .filter(call => call.command === 'machines update')
        .map(call => call.argv[2])
    ).toEqual([replica1, replica2])
    expect((appOf(scenario).machines as Json[]).find(m => m.id === primary).config.services).toBeUndefined()
    expect(run.summary).toContain(`Member ${primary} (primary)</td><td>flyio/postgres-flex:16.11 (v0.0.62) (same image): not restarted, the run stopped before`)
    expect(run.summary).toContain('stopped after 1 of 3 members: fly machine update, one member at a time')
    expect(run.summary).toContain(`Member ${replica1} (replica)</td><td>flyio/postgres-flex:16.11 (v0.0.62) (same image): restarted`)
    expectNoLeaks(scenario, run)
  })

  it('a lease held elsewhere for longer than deploy-timeout fails before that member changes, naming what holds it and the IPs to release', async () => {
    const app = 'leased-db'
    const scenario = await world().scenario({ app, cluster: preV2Cluster({ app }) })
    const [primary, replica] = (appOf(scenario).machines as Json[]).map(m => m.id as string)
    scenario.update(state => {
      state.apps[app].leases = { [replica]: 'ops@example.com' }
    })
    const machinesBefore = appOf(scenario).machines
    const run = await scenario.run({ method: 'machines', 'deploy-timeout': '3' })
    expect(run.exitCode).toBe(1)
    const [message, ...others] = errorsOf(run)
    expect(others).toEqual([])
    const v4 = (appOf(scenario).ips as Json[]).find(entry => entry.Type === 'v4').Address
    expect(message).toMatch(
      new RegExp(
        `^Members ${primary}, ${replica} of "${app}" are leased by ops@example\\.com \\(another deploy or machine update\\) and still lack the pg_tls service on port 5432 after waiting 3 s \\(\`deploy-timeout\`\\)\\. ` +
          `Check what is changing them with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once that has finished or its lease has expired, rerun this action\\. ` +
          `flyctl said: failed to obtain lease: failed to get lease on VM ${replica}: machine ID ${replica} lease currently held by ops@example\\.com, expires at \\S+Z\\.`
      )
    )
    expect(message).toContain(`This run allocated the dedicated IPv4 ${v4}; to undo: \`fly ips release ${v4} -a ${app}\`.`)
    expect(run.stdout).toContain(
      'The members are leased by ops@example.com: another run is changing them. Waiting up to 3 s for the pg_tls service on port 5432.'
    )
    expect(appOf(scenario).machines).toEqual(machinesBefore)
    expectNoLeaks(scenario, run)
  })
})

describe('fly deploy, as flyctl really does it', () => {
  it('console and barman machines are named and left alone; the deploy reaches only the members', async () => {
    const app = 'with-barman-db'
    const cluster = flexClusterWithoutService({ app })
    const memberIds = cluster.machines.map((m: Json) => m.id)
    cluster.machines.push(consoleMachine(app), barmanMachine(app))
    const [consoleM, barman] = cluster.machines.slice(2)
    const scenario = await world().scenario({ app, cluster })
    const run = await scenario.run()
    expect(errorsOf(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const deploy = callsOf(scenario).find(call => call.command === 'deploy')
    expect(deploy?.argv).toEqual(expect.arrayContaining(['--only-machines', memberIds.join(',')]))
    const after = appOf(scenario)
    expect(after.deploys[0].updatedMachines.sort()).toEqual([...memberIds].sort())
    expect(after.machines.find((m: Json) => m.id === consoleM.id)).toEqual(consoleM)
    expect(after.machines.find((m: Json) => m.id === barman.id)).toEqual(barman)
    expect(run.stdout).toContain(`  leave alone: console machine ${consoleM.id} (not a Postgres member)`)
    expect(run.stdout).toContain(`  leave alone: barman machine ${barman.id} (not a Postgres member)`)
    expect(run.summary).toContain(`Other machine ${barman.id}</td><td>barman machine: left alone`)
    // The barman machine runs 17.7: it did not decide the image.
    expect(run.outputs.image).toBe('flyio/postgres-flex:16')
    expectNoLeaks(scenario, run)
  })

  it.each([
    { name: 'scale-to-zero (on-failure, 50 retries)', restart: { policy: 'on-failure', max_retries: 50 }, toml: [{ policy: 'on-failure', retries: 50 }] },
    { name: '`no`', restart: { policy: 'no' }, toml: [{ policy: 'never' }] }
  ])("restart policy $name is written in fly.toml's words and kept on the machines", async ({ restart, toml }) => {
    const app = `restart-${restart.policy}-db`
    const scenario = await world().scenario({ app, cluster: flexClusterWithoutService({ app, machineOpts: { restart } }) })
    const run = await scenario.run()
    expect(errorsOf(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const after = appOf(scenario)
    expect((parse(after.deploys[0].toml) as Json).restart).toEqual(toml)
    for (const machine of after.machines as Json[]) expect(machine.config.restart).toEqual(restart)
    expectNoLeaks(scenario, run)
  })

  it('`image: major` (the default) moves an older member to the newest build, and says so before and after', async () => {
    const app = 'older-minor-db'
    const cluster = flexClusterWithoutService({ app })
    cluster.machines[1].image_ref = imageRef({ pgVersion: '16.8', flyVersion: 'v0.0.50' })
    const older = cluster.machines[1].id
    const scenario = await world().scenario({ app, cluster })
    const run = await scenario.run()
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      `  member ${older} (replica): flyio/postgres-flex:16.8 (v0.0.50) -> flyio/postgres-flex:16 (the newest 16.x build: minor and flex manager may change)`
    )
    expect(run.summary).toContain(
      `flyio/postgres-flex:16.8 (v0.0.50) → flyio/postgres-flex:16 (the newest 16.x build: minor and flex manager may change): restarted`
    )
    for (const machine of appOf(scenario).machines as Json[]) {
      expect(machine.image_ref.labels).toMatchObject({ 'fly.pg-version': '16.11', 'fly.version': LATEST_FLEX_VERSION })
    }
    expectNoLeaks(scenario, run)
  })

  it('`image: running` deploys the exact build the members run: no minor or manager upgrade', async () => {
    const app = 'keep-build-db'
    const ref = imageRef({ pgVersion: '16.8', flyVersion: 'v0.0.50' })
    const cluster = flexClusterWithoutService({ app, machineOpts: { ref } })
    const scenario = await world().scenario({ app, cluster })
    const run = await scenario.run({ image: 'running' })
    expect(errorsOf(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const deploy = callsOf(scenario).find(call => call.command === 'deploy')
    expect(deploy?.argv).toEqual(expect.arrayContaining(['--image', `flyio/postgres-flex:16.8@${ref.digest}`]))
    for (const machine of appOf(scenario).machines as Json[]) {
      expect(machine.image_ref).toMatchObject({ tag: '16.8', digest: ref.digest, labels: { 'fly.pg-version': '16.8', 'fly.version': 'v0.0.50' } })
    }
    expect(run.outputs.image).toBe(`flyio/postgres-flex:16.8@${ref.digest}`)
    expectNoLeaks(scenario, run)
  })

  it("accepts a user config with `processes = []`, as in postgres-flex's own fly.toml", async () => {
    const app = 'flex-toml-db'
    const scenario = await world().scenario({
      app,
      cluster: flexClusterWithoutService({
        app,
        ips: [ip('private_v6', { seed: `${app}/flycast` }), ip('v4', { seed: `${app}/v4` }), ip('v6', { seed: `${app}/v6` })]
      })
    })
    const workspace = path.join(scenario.runnerDir, 'workspace')
    fs.mkdirSync(workspace, { recursive: true })
    fs.writeFileSync(
      path.join(workspace, 'fly.toml'),
      `app = "${app}"\nprimary_region = "iad"\nprocesses = []\n\n[env]\n  PRIMARY_REGION = "iad"\n\n[[mounts]]\n  source = "pg_data"\n  destination = "/data"\n`
    )
    const run = await scenario.run({ config: 'fly.toml' })
    expect(errorsOf(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    for (const machine of appOf(scenario).machines as Json[]) {
      expect(machine.config.env).toEqual({ FLY_PROCESS_GROUP: 'app', PRIMARY_REGION: 'iad' })
      expect(machine.config.mounts[0].name).toBe('pg_data')
    }
    expectNoLeaks(scenario, run)
  })

  it('a deploy that fails after the IPs were allocated names each IP and how to release it', async () => {
    const app = 'deploy-undo-db'
    const scenario = await world().scenario({
      app,
      cluster: flexClusterWithoutService({ app }),
      faults: [{ match: 'deploy', exitCode: 1, stderr: 'Error: smoke checks for 1234 failed: the app appears to be crashing' }]
    })
    const run = await scenario.run()
    expect(run.exitCode).toBe(1)
    const ips = appOf(scenario).ips as Json[]
    const v4 = ips.find(entry => entry.Type === 'v4').Address
    const v6 = ips.find(entry => entry.Type === 'v6').Address
    expect(errorsOf(run)).toEqual([
      `The deploy of flyio/postgres-flex:16 to "${app}" failed (flyctl exit 1): smoke checks for 1234 failed: the app appears to be crashing. It was not retried. ` +
        `Check the machines with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing). ` +
        `This run allocated the dedicated IPv4 ${v4}; to undo: \`fly ips release ${v4} -a ${app}\`. ` +
        `This run allocated the IPv6 ${v6}; to undo: \`fly ips release ${v6} -a ${app}\`.`
    ])
    expectNoLeaks(scenario, run)
  })
})
