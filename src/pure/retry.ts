// Capped exponential backoff with an injectable clock and sleep, so tests never wait for real.

export interface Backoff {
  initialDelayMs: number
  maxDelayMs: number
  /** Give up once this much time has passed since the first attempt. */
  timeoutMs: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Do not start an attempt with less time than this left: its error would be a timeout, not the real one. */
  minAttemptMs?: number
  /** Called before each wait with the error that caused it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

export const realSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Runs `attempt` until it succeeds, throws a non-retryable error, or the deadline passes (then rethrows the last error). */
export async function retryWithBackoff<T>(
  attempt: (remainingMs: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  backoff: Backoff
): Promise<{ value: T; attempts: number }> {
  const sleep = backoff.sleep ?? realSleep
  const now = backoff.now ?? Date.now
  const deadline = now() + backoff.timeoutMs
  let delay = backoff.initialDelayMs
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await attempt(Math.max(deadline - now(), 1)), attempts }
    } catch (error) {
      const remaining = deadline - now()
      const wait = Math.min(delay, backoff.maxDelayMs, remaining)
      if (!isRetryable(error) || remaining - wait < (backoff.minAttemptMs ?? 1)) throw error
      backoff.onRetry?.(error, attempts, wait)
      await sleep(wait)
      delay *= 2
    }
  }
}
