// A stand-in Flyctl for in-process tests of effects and of the pipeline: answers reads from a cluster state as the
// simulator holds it, records every call, and refuses any call it was not told about (so a test sees a stray write).
import type { Flyctl, FlyctlResult } from '../../src/effects/flyctl.js'

export interface FakeFlyctl extends Flyctl {
  /** Every call, reads and runs, as argv. */
  calls: string[][]
  /** The calls made with `run` (writes, and reads that must not be retried). */
  runs: () => string[][]
}

type Answer<T> = (args: string[]) => T | Promise<T>

/**
 * `json` answers `ips list` and `machines list` from `cluster` (the simulator's shapes) unless `json` says otherwise;
 * `run` calls go to `run`, and with none given every `run` rejects: nothing may change.
 */
export function fakeFlyctl(
  options: { cluster?: { ips: unknown[]; machines: unknown[] }; json?: Answer<unknown>; run?: Answer<FlyctlResult> } = {}
): FakeFlyctl {
  const calls: string[][] = []
  const runCalls: string[][] = []
  const readCluster = (args: string[]): unknown => {
    const command = args.slice(0, 2).join(' ')
    if (options.cluster && command === 'ips list') return structuredClone(options.cluster.ips)
    if (options.cluster && command === 'machines list') return structuredClone(options.cluster.machines)
    throw new Error(`fake flyctl: no answer for \`flyctl ${args.join(' ')}\``)
  }
  return {
    calls,
    runs: () => runCalls,
    json: async <T>(args: string[]) => {
      calls.push(args)
      return (await (options.json ?? readCluster)(args)) as T
    },
    run: async (args: string[]) => {
      calls.push(args)
      runCalls.push(args)
      if (!options.run) throw new Error(`fake flyctl: \`flyctl ${args.join(' ')}\` was not expected`)
      return options.run(args)
    },
    makeWorkDir: () => {
      throw new Error('fake flyctl: no work directories')
    },
    cleanup: () => undefined
  }
}
