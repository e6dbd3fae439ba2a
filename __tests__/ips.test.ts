// The rules concurrent runs use to agree on one address of each kind.
import { describe, expect, it } from '@jest/globals'
import { keeperOf, type ExposurePlan } from '../src/plan.js'
import { SAME_SECOND_MS, settleFreshAddresses } from '../src/ips.js'
import type { Flyctl } from '../src/flyctl.js'
import type { FlyIp } from '../src/fly-types.js'

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
    const settled = await settleFreshAddresses(fly, 'db', plan({ ipv4: mine.Address, ipv4Type: 'v4' }), [mine], readAt, async ms => void slept.push(ms), () => readAt + 100)
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
