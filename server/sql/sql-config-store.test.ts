import { beforeAll } from 'vitest'
import { describeConfigConformance } from '#server/store/config-conformance.ts'
import { createSqlConfigStore } from './sql-config-store.ts'
import { createSqlStore } from './sql-store.ts'
import { migratedSnapshot, openTestPglite, openTestPostgres, TEST_DATABASE_URL } from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot(), 60_000)

describeConfigConformance('PGlite', async () => {
  const { db, close } = await openTestPglite()
  return { configs: createSqlConfigStore(db), store: createSqlStore(db), close }
})

if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeConfigConformance('PostgreSQL', async () => {
    const { db, close } = await openTestPostgres(url)
    return { configs: createSqlConfigStore(db), store: createSqlStore(db), close }
  })
}
