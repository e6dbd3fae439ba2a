// Deadlines and cancellation in src/flyctl.ts, with real processes: the flyctl simulator, and small shell scripts
// standing in for a flyctl that leaves a child behind or ignores SIGTERM. Deadlines are shortened here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { DEADLINES, FlyctlInterruptedError, type Deadlines, FlyctlTimeoutError, createFlyctl, runningFlyctl, stopAllFlyctl } from '../src/effects/flyctl.js'
import { allocateMissingIps } from '../src/effects/ips.js'
import { planExposure } from '../src/pure/plan.js'
import { parseInputs } from '../src/effects/inputs.js'
import { createState, installSimulator, readCalls, readState, runningStarts } from '../test-support/flyctl-sim/state.js'
import { modernFlexCluster, newWorld } from '../test-support/flyctl-sim/clusters.js'
import type { ClusterState } from '../src/pure/fly-types.js'

const TOKEN = 'fo1_deadline_token'
let dir: string
let sim: string
// Short, but long enough for a simulator process to start and answer on a busy 2-core machine.
const SHORT: Deadlines = { ...DEADLINES, readAttemptMs: 2_500, callMs: 2_500, killGraceMs: 300 }

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flyctl-deadlines-'))
  sim = path.join(installSimulator(path.join(dir, 'bin')), 'flyctl')
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A scenario for the simulator: its state with `faults`, and its call log. */
function simWorld(name: string, faults: object[]) {
  const app = `${name}-db`
  const statePath = createState(path.join(dir, name, 'state.json'), newWorld({ token: TOKEN, apps: { [app]: modernFlexCluster({ app }) }, faults }))
  const logPath = path.join(dir, name, 'calls.jsonl')
  process.env.FLYSIM_STATE = statePath
  process.env.FLYSIM_LOG = logPath
  return { app, statePath, logPath, fly: createFlyctl(sim, TOKEN, dir, SHORT) }
}

/** A stand-in flyctl: a shell script that starts `sleep` in the background, writes its pid, and waits. */
function scriptFlyctl(name: string, ignoreSigterm: boolean): { bin: string; pidFile: string } {
  const bin = path.join(dir, `${name}.sh`)
  const pidFile = path.join(dir, `${name}.pids`)
  fs.writeFileSync(bin, `#!/bin/sh\n${ignoreSigterm ? "trap '' TERM INT\n" : ''}sleep 300 &\necho "$$ $!" > '${pidFile}'\nwait\n`, { mode: 0o755 })
  return { bin, pidFile }
}

/** A stand-in flyctl that leaves behind, in its group, a process that ignores SIGTERM and SIGINT, and waits for it. */
function leavesAHolder(name: string): { bin: string; pidFile: string } {
  const bin = path.join(dir, `${name}.sh`)
  const pidFile = path.join(dir, `${name}.pid`)
  fs.writeFileSync(bin, `#!/bin/sh\n(trap '' TERM INT; exec sleep 20) &\necho "$!" > '${pidFile}'\nwait\n`, { mode: 0o755 })
  return { bin, pidFile }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('a flyctl call past its deadline', () => {
  it('is stopped with its whole process group, and the error names the command, the wait and what it may have changed', async () => {
    const { bin, pidFile } = scriptFlyctl('leaves-a-child', false)
    const fly = createFlyctl(bin, TOKEN, dir, SHORT)
    const error = await fly.run(['ips', 'allocate-v6', '-a', 'x'], { timeoutMs: 500, mayHaveChanged: 'The v6 IP may have been allocated anyway' }).catch(e => e)
    expect(error).toBeInstanceOf(FlyctlTimeoutError)
    expect((error as Error).message).toBe(
      '`flyctl ips allocate-v6 -a x` did not finish within 0.5 s and was stopped. The v6 IP may have been allocated anyway.'
    )
    const pids = fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number)
    expect(pids.filter(alive)).toEqual([])
    expect(runningFlyctl()).toBe(0)
    fly.cleanup()
  })

  it('is killed outright (SIGKILL to the group) when it ignores SIGTERM', async () => {
    const { bin, pidFile } = scriptFlyctl('ignores-sigterm', true)
    const fly = createFlyctl(bin, TOKEN, dir, SHORT)
    const error = await fly.run(['deploy', '.'], { timeoutMs: 300 }).catch(e => e)
    expect(error).toBeInstanceOf(FlyctlTimeoutError)
    const pids = fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number)
    expect(pids.filter(alive)).toEqual([])
    fly.cleanup()
  })

  it('settles at its deadline when flyctl leaves a process that ignores SIGTERM and holds its output open; that process is killed', async () => {
    // The leftover keeps flyctl's stdout open for 20 s: the call must not wait for it.
    const { bin, pidFile } = leavesAHolder('leaves-a-holder')
    const fly = createFlyctl(bin, TOKEN, dir, SHORT)
    const started = Date.now()
    const error = await fly.run(['ips', 'allocate-v4', '-a', 'x'], { timeoutMs: 500 }).catch(e => e)
    expect(error).toBeInstanceOf(FlyctlTimeoutError)
    // Generous: 0.5 s deadline + 0.3 s grace + at most DEADLINES.drainMs, against the leftover's 20 s.
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(alive(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false)
    expect(runningFlyctl()).toBe(0)
    fly.cleanup()
  }, 30_000)

  it('a read that stalls once is stopped and retried within the read budget', async () => {
    const { app, logPath, fly } = simWorld('read-stall', [{ match: 'ips list', times: 1, stall: true }])
    const ips = await fly.json<Array<{ Type: string }>>(['ips', 'list', '-a', app])
    expect(ips.map(entry => entry.Type)).toEqual(['private_v6'])
    // The stalled one was told to stop (flyctl exits 127 on SIGTERM); the second answered.
    expect(readCalls(logPath).map(call => [call.exitCode, call.signal ?? null])).toEqual([
      [127, 'SIGTERM'],
      [0, null]
    ])
    expect(runningStarts(logPath)).toEqual([])
    fly.cleanup()
  })

  it('an allocation that went through and then stalled: stopped, the IPs are listed again, and no second IPv4 is allocated', async () => {
    const { app, statePath, logPath, fly } = simWorld('alloc-stall', [{ match: 'ips allocate-v4', times: 1, after: true, stall: true }])
    const inputs = parseInputs(name => ({ app, 'fly-api-token': TOKEN, password: 'pw', ipv6: 'false' })[name] ?? '', {})
    const state = readState(statePath).apps[app] as ClusterState
    const plan = planExposure(inputs, { ips: state.ips, machines: state.machines })
    const ips = await allocateMissingIps(fly, app, plan, async () => undefined)
    const v4 = readState(statePath).apps[app].ips.filter((entry: { Type: string }) => entry.Type === 'v4')
    expect(v4).toHaveLength(1)
    expect(ips.ipv4).toBe(v4[0].Address)
    expect(readCalls(logPath).map(call => [call.command, call.exitCode])).toEqual([
      ['ips allocate-v4', 127],
      ['ips list', 0]
      // No list to converge after: an address found by listing may be a concurrent run's, so it is never released.
    ])
    expect(runningStarts(logPath)).toEqual([])
    fly.cleanup()
  })
})

// Last: once stopping, this module starts no flyctl again (as in a cancelled job).
describe('a cancelled job', () => {
  it('passes the signal on to the running flyctl, which stops; no new flyctl starts afterwards', async () => {
    const { app, logPath, fly } = simWorld('cancelled', [{ match: 'machines list', stall: true }])
    const read = fly.json(['machines', 'list', '-a', app]).catch(e => e)
    // Beside it, a flyctl that leaves a process ignoring the signal and holding its output open for 20 s.
    const holder = leavesAHolder('cancelled-holder')
    const write = createFlyctl(holder.bin, TOKEN, dir, SHORT)
      .run(['ips', 'allocate-v4', '-a', app])
      .catch(e => e)
    while (runningFlyctl() < 2 || !fs.existsSync(`${logPath}.started`) || !fs.existsSync(holder.pidFile)) await new Promise(resolve => setTimeout(resolve, 20))
    const started = Date.now()
    // A grace long enough for a busy machine's simulator to log its SIGINT; the leftover must not need it.
    await stopAllFlyctl('SIGINT', 5_000)
    // Generous: the simulator answers SIGINT at once, and the stand-in's leftover is killed when the stand-in exits
    // (not after the grace); against the leftover's 20 s.
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(await read).toBeInstanceOf(FlyctlInterruptedError)
    expect(await write).toBeInstanceOf(FlyctlInterruptedError)
    expect(alive(Number(fs.readFileSync(holder.pidFile, 'utf8')))).toBe(false)
    expect(readCalls(logPath).map(call => [call.exitCode, call.signal])).toEqual([[127, 'SIGINT']])
    expect(runningStarts(logPath)).toEqual([])
    await expect(fly.run(['ips', 'list', '-a', app])).rejects.toBeInstanceOf(FlyctlInterruptedError)
    expect(readCalls(logPath)).toHaveLength(1)
    fly.cleanup()
  }, 30_000)
})
