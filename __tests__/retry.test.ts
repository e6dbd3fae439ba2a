import { describe, expect, it } from '@jest/globals'
import { retryWithBackoff } from '../src/pure/retry.js'
import { VERIFY_BACKOFF } from '../src/effects/verify.js'

/** A fake clock: sleeping advances it, nothing waits for real. */
function fakeClock() {
  let now = 0
  const waits: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms)
      now += ms
    },
    advance: (ms: number) => (now += ms),
    waits
  }
}

const verifyBackoff = VERIFY_BACKOFF

describe('retryWithBackoff', () => {
  it('backs off exponentially, capped at 1 s', async () => {
    const clock = fakeClock()
    await expect(
      retryWithBackoff(
        async () => Promise.reject(new Error('EOF')),
        () => true,
        { ...verifyBackoff, timeoutMs: 6000, ...clock }
      )
    ).rejects.toThrow('EOF')
    expect(clock.waits.slice(0, 6)).toEqual([100, 200, 400, 800, 1000, 1000])
    expect(Math.max(...clock.waits)).toBe(1000)
  })

  it('notices a server within 1 s of it coming up, whenever that is', async () => {
    for (const upAt of [0, 50, 350, 1234, 4321, 9999, 42_000]) {
      const clock = fakeClock()
      let noticedAt = -1
      await retryWithBackoff(
        async () => {
          if (clock.now() < upAt) throw new Error('Connection terminated unexpectedly')
          noticedAt = clock.now()
        },
        () => true,
        { ...verifyBackoff, timeoutMs: 300_000, ...clock }
      )
      expect(noticedAt - upAt).toBeLessThanOrEqual(1000)
    }
  })

  it('never waits past the timeout, and tells each attempt how long is left', async () => {
    const clock = fakeClock()
    const remaining: number[] = []
    await expect(
      retryWithBackoff(
        async left => {
          remaining.push(left)
          clock.advance(30) // each attempt itself takes time
          throw new Error('ECONNREFUSED')
        },
        () => true,
        { ...verifyBackoff, timeoutMs: 2500, ...clock }
      )
    ).rejects.toThrow('ECONNREFUSED')
    // The last attempt ends by the deadline: no attempt starts with less than minAttemptMs left.
    expect(clock.now()).toBeLessThanOrEqual(2500)
    expect(remaining[0]).toBe(2500)
    expect(remaining.every(left => left >= VERIFY_BACKOFF.minAttemptMs && left <= 2500)).toBe(true)
  })

  it('does not retry an error that will not go away', async () => {
    const clock = fakeClock()
    let attempts = 0
    const failure = Object.assign(new Error('password authentication failed'), { code: '28P01' })
    await expect(
      retryWithBackoff(
        async () => {
          attempts++
          throw failure
        },
        error => (error as { code?: string }).code !== '28P01',
        { ...verifyBackoff, timeoutMs: 60_000, ...clock }
      )
    ).rejects.toBe(failure)
    expect(attempts).toBe(1)
    expect(clock.waits).toEqual([])
  })

  it('reports the attempts it took', async () => {
    const clock = fakeClock()
    let calls = 0
    const result = await retryWithBackoff(
      async () => (++calls < 3 ? Promise.reject(new Error('EOF')) : 'ok'),
      () => true,
      {
        ...verifyBackoff,
        timeoutMs: 10_000,
        ...clock
      }
    )
    expect(result).toEqual({ value: 'ok', attempts: 3 })
  })
})
