import { randomBytes } from 'node:crypto'
import type { DialectDb } from './db.ts'
import { migrate } from './migrate.ts'
import { openPgDb } from './pg-db.ts'
import { openPgliteDb } from './pglite-db.ts'

/** Set to run the SQL tests against PostgreSQL too, e.g. postgres://postgres@127.0.0.1:5432/test. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL

export interface TestDb {
  db: DialectDb
  close(): Promise<void>
}

let snapshot: Promise<Blob> | undefined

/**
 * One migrated database per test file, dumped once: initdb runs once, each test loads the copy.
 * Call it from `beforeAll` (whose timeout allows for initdb taking seconds on a busy machine).
 */
export function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const db = await openPgliteDb()
    await migrate(db)
    const blob = await db.dump()
    await db.close()
    return blob
  })()
  return snapshot
}

/** A fresh, migrated, in-memory PGlite. */
export async function openTestPglite(): Promise<TestDb> {
  const db = await openPgliteDb({ loadDataDir: await migratedSnapshot() })
  return { db, close: () => db.close() }
}

/** A fresh schema on the PostgreSQL at `url`, migrated; closing drops it. */
export async function openTestPostgres(url: string): Promise<TestDb> {
  const schema = `plugboard_test_${randomBytes(6).toString('hex')}`
  const admin = openPgDb({ connectionString: url, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  const db = openPgDb({ connectionString: url, schema })
  await migrate(db)
  return {
    db,
    async close() {
      await db.close()
      await admin.query(`DROP SCHEMA ${schema} CASCADE`)
      await admin.close()
    },
  }
}
