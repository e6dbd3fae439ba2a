// Many jobs, one cluster: runs started together converge on one address of each kind and output the same URL.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { callsOf, expectNoLeaks, useWorld, type ActionRun } from './support/action-world.js'
import { flexClusterWithoutService, ip, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'

const world = useWorld()

/** Starts `jobs` runs of the bundle at once, each on a runner of its own (as parallel jobs are). */
async function runTogether(scenario: Awaited<ReturnType<ReturnType<typeof world>['scenario']>>, jobs: number): Promise<ActionRun[]> {
  return Promise.all(Array.from({ length: jobs }, () => scenario.run({}, {}, { runnerDir: fs.mkdtempSync(path.join(os.tmpdir(), 'job-runner-')) })))
}

describe('concurrent runs against one cluster', () => {
  it.each([4, 8])(
    '%i jobs on a cluster with no public IP end with one IPv4, one IPv6 and the same outputs',
    async jobs => {
      const app = `together-${jobs}-db`
      // Allocations are slow (3 s), so every job has read the addresses before any allocation lands: they all race.
      const slowAllocations = { 'ips allocate-v4': 3000, 'ips allocate-v6': 3000 }
      const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }), apiDelayMs: 100, commandDelayMs: slowAllocations })
      const runs = await runTogether(scenario, jobs)

      for (const run of runs) {
        expect(run.stderr).toBe('')
        expect(run.exitCode).toBe(0)
        expectNoLeaks(world(), scenario, run)
      }
      const ips = scenario.state().apps[app].ips as Array<{ Type: string; Address: string }>
      const left = (type: string) => ips.filter(ip => ip.Type === type).map(ip => ip.Address)
      expect(left('v4')).toHaveLength(1)
      expect(left('v6')).toHaveLength(1)
      for (const run of runs) {
        expect(run.outputs.ipv4).toBe(left('v4')[0])
        expect(run.outputs.ipv6).toBe(left('v6')[0])
        expect(run.outputs['database-url']).toBe(runs[0].outputs['database-url'])
      }
      // Every duplicate was released by the job that allocated it; nothing else was released.
      const calls = callsOf(scenario)
      const allocated = calls.filter(call => call.command.startsWith('ips allocate') && call.write).length
      const released = calls.filter(call => call.command === 'ips release' && call.write)
      // The jobs really raced: more than one allocated each kind, and all but the keepers were released.
      expect(allocated).toBeGreaterThan(2)
      expect(released).toHaveLength(allocated - 2)
      expect(released.map(call => call.argv[2])).not.toContain(left('v4')[0])
      expect(scenario.state().apps[app].deploys).toEqual([])
    },
    60_000
  )
})

describe('concurrent runs against a cluster that needs the service', () => {
  it.each([4, 8])(
    '%i jobs: one deploy, the others wait for its lease and restart nothing; one address of each kind',
    async jobs => {
      const app = `deploy-together-${jobs}-db`
      // A deploy takes 8 s (a real one takes minutes) and holds the members' leases meanwhile, as the machines API does.
      // A job that reads the members after it ends finds the service; one that reads before meets the lease.
      const scenario = await world().scenario({ app, cluster: flexClusterWithoutService({ app }), apiDelayMs: 100, deployDelayMs: 8000, restartMs: 500 })
      const runs = await runTogether(scenario, jobs)

      for (const run of runs) {
        expect(run.stderr).toBe('')
        expect(run.exitCode).toBe(0)
        expectNoLeaks(world(), scenario, run)
      }
      const state = scenario.state().apps[app]
      expect(state.deploys).toHaveLength(1)
      expect(state.leases).toEqual({})
      const left = (type: string) => (state.ips as Array<{ Type: string; Address: string }>).filter(ip => ip.Type === type).map(ip => ip.Address)
      expect(left('v4')).toHaveLength(1)
      expect(left('v6')).toHaveLength(1)
      for (const run of runs) {
        expect(run.outputs.ipv4).toBe(left('v4')[0])
        expect(run.outputs['database-url']).toBe(runs[0].outputs['database-url'])
      }
      // Exactly one job restarted the cluster; every other one found the service added by it.
      expect(runs.filter(run => run.outputs.deployed === 'true')).toHaveLength(1)
      const others = runs.filter(run => run.outputs.deployed === 'false')
      expect(others).toHaveLength(jobs - 1)
      for (const run of others) {
        expect(run.summary).toContain('no: a concurrent run added the service, so this run restarted nothing')
        expect(run.stdout).toMatch(
          /Another run added the pg_tls service on port 5432 meanwhile: nothing to restart\.|The pg_tls service on port 5432 is there now, added by the run that held the lease: this run restarts nothing\./
        )
      }
      // The jobs really raced for the deploy: some met the held lease.
      const leaseFailures = callsOf(scenario).filter(call => call.command === 'deploy' && call.exitCode !== 0)
      expect(leaseFailures.length).toBeGreaterThan(0)
      for (const call of leaseFailures) expect(call.stderr).toContain('failed to acquire leases: failed to get lease on VM')
    },
    90_000
  )
})

describe('a run that lost the race for an address', () => {
  // Another job allocated the IPv4 just before: this run's read did not see it (the first `ips list` answers the
  // list as it was a moment earlier), so it allocates one too, then finds the older one when it lists again.
  const lostRace = (app: string, faults: object[] = []) => {
    const older = ip('v4', { seed: `${app}/older`, CreatedAt: '2026-11-25T06:00:00Z' })
    const cluster = modernFlexCluster({ app, ips: [ip('private_v6', { seed: `${app}/flycast` }), older] })
    return {
      older: older.Address as string,
      spec: { app, cluster, faults: [{ match: 'ips list', times: 1, exitCode: 0, stdout: '[]', stderr: '' }, ...faults] }
    }
  }

  it('releases the address it just allocated and outputs the older one', async () => {
    const { older, spec } = lostRace('lost-race-db')
    const scenario = await world().scenario(spec)
    const run = await scenario.run({ ipv6: 'false' })
    expect(run.exitCode).toBe(0)
    const released = callsOf(scenario).filter(call => call.command === 'ips release')
    expect(released).toHaveLength(1)
    const ours = released[0].argv[2]
    expect(ours).not.toBe(older)
    expect(
      scenario
        .state()
        .apps['lost-race-db'].ips.filter((x: { Type: string }) => x.Type === 'v4')
        .map((x: { Address: string }) => x.Address)
    ).toEqual([older])
    expect(run.outputs.ipv4).toBe(older)
    expect(run.stdout).toContain(`Another run allocated ${older} first: released ${ours}, which this run had just allocated, and use ${older}.`)
    expect(run.summary).toContain(`${older} (allocated by a concurrent run; this run's ${ours} was released)`)
    expectNoLeaks(world(), scenario, run)
  })

  it('a release that fails leaves a warning naming the address to release by hand, and the run still passes', async () => {
    const { older, spec } = lostRace('release-fails-db', [{ match: 'ips release', exitCode: 1, stderr: 'Error: failed to run mutation(...): 502 Bad Gateway' }])
    const scenario = await world().scenario(spec)
    const run = await scenario.run({ ipv6: 'false' })
    expect(run.exitCode).toBe(0)
    const v4s = scenario
      .state()
      .apps['release-fails-db'].ips.filter((x: { Type: string }) => x.Type === 'v4')
      .map((x: { Address: string }) => x.Address)
    const ours = v4s.find((address: string) => address !== older)
    expect(v4s).toHaveLength(2)
    expect(run.outputs.ipv4).toBe(older)
    expect(run.stdout).toContain(
      `::warning::Another run allocated ${older} first, and releasing this run's duplicate ${ours} failed (\`flyctl ips release ${ours} -a release-fails-db\` failed (exit 1): failed to run mutation(...): 502 Bad Gateway.). Release it with \`fly ips release ${ours} -a release-fails-db\`: a dedicated IPv4 is billed while allocated.`
    )
    expectNoLeaks(world(), scenario, run)
  })
})
