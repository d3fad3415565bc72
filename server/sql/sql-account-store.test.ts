import { beforeAll } from 'vitest'
import { describeAccountConformance } from '#server/store/account-conformance.ts'
import { describeApiTokenConformance } from '#server/store/api-token-conformance.ts'
import { createSqlAccountStore } from './sql-account-store.ts'
import { migratedSnapshot, openTestPglite, openTestPostgres, TEST_DATABASE_URL } from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

const pglite = async () => {
  const { db, close } = await openTestPglite()
  return { accounts: createSqlAccountStore(db), close }
}
describeAccountConformance('PGlite', pglite)
describeApiTokenConformance('PGlite', pglite)

if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  const postgres = async () => {
    const { db, close } = await openTestPostgres(url)
    return { accounts: createSqlAccountStore(db), close }
  }
  describeAccountConformance('PostgreSQL', postgres)
  describeApiTokenConformance('PostgreSQL', postgres)
}
