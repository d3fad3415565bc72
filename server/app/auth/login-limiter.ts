import type { Clock } from '#server/app/ports.ts'

export interface LoginLimiterOptions {
  /** Failures allowed per key in the window (default 5). */
  maxFailures?: number
  /** Default 15 minutes. */
  windowMs?: number
}

/**
 * Failed sign-ins per key (`ip:…`, `email:…`) in a sliding window, in memory: one server process
 * guards its own door (several processes would each allow `maxFailures`; see decision 0005).
 */
export function createLoginLimiter(clock: Clock, options: LoginLimiterOptions = {}) {
  const maxFailures = options.maxFailures ?? 5
  const windowMs = options.windowMs ?? 15 * 60_000
  const failures = new Map<string, number[]>()
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((at) => at > now - windowMs)
    if (kept.length) failures.set(key, kept)
    else failures.delete(key)
    return kept
  }
  return {
    /** Seconds until a key of `keys` may try again, or null when none is blocked. */
    retryAfter(keys: readonly string[]): number | null {
      const now = clock.now().getTime()
      let wait = 0
      for (const key of keys) {
        const times = recent(key, now)
        const oldest = times[times.length - maxFailures]
        if (times.length >= maxFailures && oldest !== undefined) {
          wait = Math.max(wait, oldest + windowMs - now)
        }
      }
      return wait > 0 ? Math.ceil(wait / 1000) : null
    },
    fail(keys: readonly string[]): void {
      const now = clock.now().getTime()
      for (const key of keys) failures.set(key, [...recent(key, now), now])
    },
    /** A successful sign-in forgives the email's failures (not the address's). */
    forgive(key: string): void {
      failures.delete(key)
    },
  }
}
