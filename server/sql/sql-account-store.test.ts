import { beforeAll } from 'vitest'
import { describeAccountConformance } from '#server/store/account-conformance.ts'
import { createSqlAccountStore } from './sql-account-store.ts'
import { migratedSnapshot, openTestPglite, openTestPostgres, TEST_DATABASE_URL } from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

describeAccountConformance('PGlite', async () => {
  const { db, close } = await openTestPglite()
  return { accounts: createSqlAccountStore(db), close }
})

if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeAccountConformance('PostgreSQL', async () => {
    const { db, close } = await openTestPostgres(url)
    return { accounts: createSqlAccountStore(db), close }
  })
}
