import { beforeAll } from 'vitest'
import { describeSourceConformance } from '#server/store/source-conformance.ts'
import { createSqlSourceStore } from './sql-source-store.ts'
import {
  migratedSnapshot,
  openTestPglite,
  openTestPostgres,
  TEST_DATABASE_URL,
  type TestDb,
} from './sql-test-helpers.ts'
import { createSqlUpdatePolicies } from './sql-update-policies.ts'

beforeAll(() => migratedSnapshot(), 60_000)

const subject = ({ db, close }: TestDb) => ({
  sources: createSqlSourceStore(db),
  policies: createSqlUpdatePolicies(db),
  close,
})

describeSourceConformance('PGlite', async () => subject(await openTestPglite()))

if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeSourceConformance('PostgreSQL', async () => subject(await openTestPostgres(url)))
}
