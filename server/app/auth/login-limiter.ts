import type { Clock } from '#server/app/ports.ts'

export interface LoginLimiterOptions {
  /** Failures allowed per key in the window (default 5). */
  maxFailures?: number
  /** Default 15 minutes. */
  windowMs?: number
}

/**
 * Failed sign-ins per key (`ip:…`, `email:…`) in a sliding window. The server keeps them in the
 * database, so every node of a cluster counts the same failures (decision 0005); the mocks keep
 * them in memory.
 */
export interface LoginLimiter {
  /** Seconds until a key of `keys` may try again, or null when none is blocked. */
  retryAfter(keys: readonly string[]): Promise<number | null>
  fail(keys: readonly string[]): Promise<void>
  /** A successful sign-in forgives the email's failures (not the address's). */
  forgive(key: string): Promise<void>
}

export const LOGIN_LIMITS = { maxFailures: 5, windowMs: 15 * 60_000 } as const

/** The rule: seconds to wait, given each key's failure times (ms, oldest first) inside the window. */
export function secondsToWait(
  failuresByKey: Iterable<readonly number[]>,
  now: number,
  { maxFailures, windowMs }: Required<LoginLimiterOptions>,
): number | null {
  let wait = 0
  for (const times of failuresByKey) {
    const oldest = times[times.length - maxFailures]
    if (times.length >= maxFailures && oldest !== undefined) wait = Math.max(wait, oldest + windowMs - now)
  }
  return wait > 0 ? Math.ceil(wait / 1000) : null
}

/** The limiter in memory: one process guards its own door (the mocks, the app's tests). */
export function createLoginLimiter(clock: Clock, options: LoginLimiterOptions = {}): LoginLimiter {
  const limits = { ...LOGIN_LIMITS, ...options }
  const failures = new Map<string, number[]>()
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((at) => at > now - limits.windowMs)
    if (kept.length) failures.set(key, kept)
    else failures.delete(key)
    return kept
  }
  return {
    async retryAfter(keys) {
      const now = clock.now().getTime()
      return secondsToWait(
        keys.map((key) => recent(key, now)),
        now,
        limits,
      )
    },
    async fail(keys) {
      const now = clock.now().getTime()
      for (const key of keys) failures.set(key, [...recent(key, now), now])
    },
    async forgive(key) {
      failures.delete(key)
    },
  }
}
