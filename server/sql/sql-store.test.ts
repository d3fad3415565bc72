import { beforeAll } from 'vitest'
import { describeStoreConformance } from '#server/store/store-conformance.ts'
import { createSqlStore } from './sql-store.ts'
import { migratedSnapshot, openTestPglite, openTestPostgres, TEST_DATABASE_URL } from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

describeStoreConformance('PGlite', async () => {
  const { db, close } = await openTestPglite()
  return { store: createSqlStore(db), close }
})

if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeStoreConformance('PostgreSQL', async () => {
    const { db, close } = await openTestPostgres(url)
    return { store: createSqlStore(db), close }
  })
}
