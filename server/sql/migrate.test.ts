import { describe, expect, test } from 'vitest'
import { MIGRATIONS, migrate } from './migrate.ts'
import { openPgliteDb } from './pglite-db.ts'
import { openTestPostgres, TEST_DATABASE_URL } from './sql-test-helpers.ts'

const TABLES = [
  'api_tokens',
  'audit_log',
  'events',
  'memberships',
  'plugin_versions',
  'plugins',
  'schema_migrations',
  'sessions',
  'task_items',
  'tasks',
  'users',
  'workspaces',
]

describe('migrations', () => {
  test('a new database gets every migration once, and a second run applies nothing', async () => {
    const db = await openPgliteDb()
    try {
      expect(await migrate(db)).toEqual(MIGRATIONS.map((migration) => migration.version))
      expect(await migrate(db)).toEqual([])
      const { rows } = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      )
      expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(TABLES))
    } finally {
      await db.close()
    }
  })

  test('a migration that fails leaves nothing behind', async () => {
    const db = await openPgliteDb()
    try {
      const broken = {
        version: 99,
        name: 'broken',
        statements: ['CREATE TABLE half (id int)', 'SELECT nope'],
      }
      await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toThrow()
      const { rows } = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'plugins'`)
      expect(rows).toHaveLength(0)
    } finally {
      await db.close()
    }
  })
})

// Registered only with a PostgreSQL to run on (scripts/ci-postgres.sh sets DATABASE_URL).
if (TEST_DATABASE_URL) {
  describe('migrations on PostgreSQL', () => {
    test('two processes migrating at once: one applies, the other waits and finds nothing to do', async () => {
      const { db, close } = await openTestPostgres(TEST_DATABASE_URL ?? '')
      try {
        // openTestPostgres migrated already; start from an empty schema again.
        const { rows } = await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
        )
        for (const { table_name } of rows) await db.query(`DROP TABLE ${table_name} CASCADE`)
        const results = await Promise.all([migrate(db), migrate(db), migrate(db)])
        expect(results.flat()).toEqual(MIGRATIONS.map((migration) => migration.version))
      } finally {
        await close()
      }
    })
  })
}
