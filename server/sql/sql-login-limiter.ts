import {
  LOGIN_LIMITS,
  type LoginLimiter,
  type LoginLimiterOptions,
  secondsToWait,
} from '#server/app/auth/login-limiter.ts'
import type { Clock } from '#server/app/ports.ts'
import type { Db } from './db.ts'

/**
 * The sign-in limiter in the database: every node of a cluster (and every restart) counts the same
 * failures. Failures older than the window are deleted as new ones are written.
 */
export function createSqlLoginLimiter(db: Db, clock: Clock, options: LoginLimiterOptions = {}): LoginLimiter {
  const limits = { ...LOGIN_LIMITS, ...options }
  const since = (now: number) => new Date(now - limits.windowMs).toISOString()
  return {
    async retryAfter(keys) {
      const now = clock.now().getTime()
      const { rows } = await db.query<{ key: string; at: string | Date }>(
        'SELECT key, at FROM login_failures WHERE key = ANY($1) AND at > $2 ORDER BY at',
        [keys, since(now)],
      )
      const byKey = new Map<string, number[]>()
      for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), new Date(row.at).getTime()])
      return secondsToWait(byKey.values(), now, limits)
    },
    async fail(keys) {
      const now = clock.now().getTime()
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM login_failures WHERE key = ANY($1) AND at <= $2', [keys, since(now)])
        for (const key of keys) {
          await tx.query('INSERT INTO login_failures (key, at) VALUES ($1, $2)', [
            key,
            new Date(now).toISOString(),
          ])
        }
      })
    },
    async forgive(key) {
      await db.query('DELETE FROM login_failures WHERE key = $1', [key])
    },
  }
}
