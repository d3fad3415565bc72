import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Clock } from '#server/app/ports.ts'
import { createSqlLoginLimiter } from './sql-login-limiter.ts'
import {
  migratedSnapshot,
  openTestPglite,
  openTestPostgres,
  TEST_DATABASE_URL,
  type TestDb,
} from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

function describeLimiter(name: string, open: () => Promise<TestDb>) {
  describe(`the sign-in limiter on ${name}`, () => {
    let testDb: TestDb
    let now = Date.parse('2026-01-01T00:00:00.000Z')
    const clock = { now: () => new Date(now) } as Clock
    beforeEach(async () => {
      testDb = await open()
    })
    afterEach(() => testDb.close())

    test('two nodes count the same failures: five in all block both, for the rest of the window', async () => {
      const nodeA = createSqlLoginLimiter(testDb.db, clock)
      const nodeB = createSqlLoginLimiter(testDb.db, clock)
      const keys = ['email:a@example.com', 'ip:10.0.0.1']
      for (const limiter of [nodeA, nodeB, nodeA, nodeB]) await limiter.fail(keys)
      expect(await nodeA.retryAfter(keys)).toBeNull()
      await nodeB.fail(keys)
      now += 60_000
      expect(await nodeA.retryAfter(keys)).toBe(14 * 60)
      expect(await nodeB.retryAfter(['ip:10.0.0.1'])).toBe(14 * 60)
      // A sign-in that succeeds forgives the email, not the address.
      await nodeA.forgive('email:a@example.com')
      expect(await nodeB.retryAfter(['email:a@example.com'])).toBeNull()
      expect(await nodeB.retryAfter(['ip:10.0.0.1'])).toBe(14 * 60)
      now += 15 * 60_000
      expect(await nodeA.retryAfter(keys)).toBeNull()
    })
  })
}

describeLimiter('PGlite', openTestPglite)
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeLimiter('PostgreSQL', () => openTestPostgres(url))
}
