// The rules concurrent runs use to agree on one address of each kind.
import { describe, expect, it } from '@jest/globals'
import { keeperOf, type ExposurePlan } from '../src/pure/plan.js'
import { AllocationError, SAME_SECOND_MS, allocateMissingIps, convergeWithConcurrentRuns, settleFreshAddresses } from '../src/effects/ips.js'
import type { Flyctl } from '../src/effects/flyctl.js'
import type { FlyIp } from '../src/pure/fly-types.js'

const ip = (Type: string, Address: string, CreatedAt: string, ID: string): FlyIp => ({ Type, Address, CreatedAt, ID, Region: 'global' })

describe('keeperOf', () => {
  it('keeps the oldest address of the kind', () => {
    const ips = [
      ip('v4', '149.248.1.2', '2026-11-25T07:00:05Z', 'ip_b'),
      ip('v4', '149.248.1.1', '2026-11-25T07:00:03Z', 'ip_z'),
      ip('v6', '2a09::1', '2026-11-25T07:00:01Z', 'ip_a')
    ]
    expect(keeperOf(ips, 'v4')?.Address).toBe('149.248.1.1')
    expect(keeperOf(ips, 'v6')?.Address).toBe('2a09::1')
  })

  it('breaks a tie in creation time by ID, whatever order the list has', () => {
    const a = ip('v4', '149.248.1.1', '2026-11-25T07:00:03Z', 'ip_m')
    const b = ip('v4', '149.248.1.2', '2026-11-25T07:00:03Z', 'ip_c')
    expect(keeperOf([a, b], 'v4')?.Address).toBe('149.248.1.2')
    expect(keeperOf([b, a], 'v4')?.Address).toBe('149.248.1.2')
  })

  it('has no keeper for a kind the app lacks', () => {
    expect(keeperOf([ip('private_v6', 'fdaa::3', '2026-11-25T07:00:00Z', 'ip_p')], 'v4')).toBeUndefined()
  })
})

describe('settleFreshAddresses', () => {
  const plan = (existing: ExposurePlan['existing'], allocate: ExposurePlan['allocate'] = { ipv4: null, ipv6: false }) =>
    ({ existing, allocate }) as ExposurePlan
  /** A flyctl stand-in that answers `ips list` from a list and counts the calls (no process needed for this rule). */
  const flyListing = (list: FlyIp[]) => {
    const calls: string[][] = []
    const fly = { json: async (args: string[]) => (calls.push(args), list) } as unknown as Flyctl
    return { fly, calls }
  }
  const second = Date.parse('2026-11-25T07:00:03Z')
  const mine = ip('v4', '149.248.1.1', '2026-11-25T07:00:03Z', 'ip_m')
  const sameSecondFirst = ip('v4', '149.248.1.2', '2026-11-25T07:00:03Z', 'ip_c')

  it('an address read after its creation second was over is used as it is, with no call', async () => {
    const { fly, calls } = flyListing([])
    const slept: number[] = []
    const settled = await settleFreshAddresses(fly, 'db', plan({ ipv4: mine.Address, ipv4Type: 'v4' }), [mine], second + 2500, async ms => void slept.push(ms))
    expect(settled).toEqual({})
    expect([calls, slept]).toEqual([[], []])
  })

  it('an address read within its creation second: wait for the second to end, list again, take the keeper', async () => {
    const { fly, calls } = flyListing([mine, sameSecondFirst])
    const slept: number[] = []
    const readAt = second + 400
    const settled = await settleFreshAddresses(
      fly,
      'db',
      plan({ ipv4: mine.Address, ipv4Type: 'v4' }),
      [mine],
      readAt,
      async ms => void slept.push(ms),
      () => readAt + 100
    )
    expect(settled).toEqual({ ipv4: sameSecondFirst.Address })
    expect(calls).toEqual([['ips', 'list', '-a', 'db']])
    expect(slept).toEqual([1000 + SAME_SECOND_MS - 500])
  })

  it('leaves the kinds this run allocates to their own convergence', async () => {
    const { fly, calls } = flyListing([])
    const settled = await settleFreshAddresses(fly, 'db', plan({}, { ipv4: 'dedicated', ipv6: false }), [mine], second, async () => undefined)
    expect([settled, calls]).toEqual([{}, []])
  })
})

describe('allocateMissingIps and convergeWithConcurrentRuns', () => {
  const both = { existing: {}, allocate: { ipv4: 'dedicated', ipv6: true } } as ExposurePlan
  const noSleep = async () => undefined

  it('both allocations failing: one error that says both, the IPv4 first', async () => {
    const fly = { run: async (args: string[]) => Promise.reject(new Error(`${args[1]} refused: no capacity`)) } as unknown as Flyctl
    await expect(allocateMissingIps(fly, 'db', both, noSleep)).rejects.toThrow(
      new AllocationError('allocate-v4 refused: no capacity. Allocating the IPv6 failed too: allocate-v6 refused: no capacity')
    )
  })

  it("a concurrent run's older address wins but releasing this run's duplicate fails: it is adopted, and the warning says how to release it", async () => {
    const older = ip('v4', '149.248.1.1', '2026-11-25T07:00:01Z', 'ip_a')
    const mine = ip('v4', '149.248.1.9', '2026-11-25T07:00:05Z', 'ip_b')
    const fly = {
      run: async (args: string[]) => {
        if (args[1] === 'release') throw new Error('release failed: 502')
        return { stdout: `VERSION IP TYPE\nv4 ${mine.Address} public` }
      },
      json: async () => [older, mine]
    } as unknown as Flyctl
    const plan = { existing: { ipv6: '2a09::1' }, allocate: { ipv4: 'dedicated', ipv6: false } } as ExposurePlan
    const allocated = await allocateMissingIps(fly, 'db', plan, noSleep)
    expect(allocated).toMatchObject({ ipv4: mine.Address })
    const { ips, notices } = await convergeWithConcurrentRuns(fly, 'db', plan, allocated, noSleep)
    expect(ips).toMatchObject({ ipv4: older.Address, adopted: [older.Address], released: [] })
    expect(notices).toEqual([
      {
        level: 'warning',
        message: `Another run allocated ${older.Address} first, and releasing this run's duplicate ${mine.Address} failed (release failed: 502). Release it with \`fly ips release ${mine.Address} -a db\`: a dedicated IPv4 is billed while allocated.`
      }
    ])
  })
})
