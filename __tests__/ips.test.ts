// The rule concurrent runs use to agree on one address of each kind: pure, so every run computes it alike.
import { describe, expect, it } from '@jest/globals'
import { keeperOf } from '../src/plan.js'
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
