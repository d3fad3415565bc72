import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { waitUntil } from '#tests/support/wait-until.ts'
import type { Db } from './db.ts'
import { createSqlStore } from './sql-store.ts'
import {
  migratedSnapshot,
  openTestPglite,
  openTestPostgres,
  TEST_DATABASE_URL,
  type TestDb,
} from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

const WS = 'ws_versions'
const OTHER = 'ws_other'

/** The version as it was computed before the deltas: over every row of the workspace. */
async function hashedOverRows(db: Db, workspaceId: string): Promise<string> {
  const { rows } = await db.query<{ n: number; h: string | null }>(
    `SELECT count(*)::int AS n,
            sum(hashtext(id || ':' || revision || ':' || status || ':' || coalesce(active_task_id, '')
              || ':' || extract(epoch FROM updated_at)))::text AS h
     FROM plugins WHERE workspace_id = $1`,
    [workspaceId],
  )
  return `${rows[0]?.n ?? 0}.${rows[0]?.h ?? 0}`
}

async function insertPlugins(db: Db, workspaceId: string, from: number, count: number): Promise<void> {
  await db.query('INSERT INTO workspaces (id) VALUES ($1) ON CONFLICT DO NOTHING', [workspaceId])
  await db.query(
    `INSERT INTO plugins (workspace_id, id, plugin_ref, name, version, status, health, source, installed_at, updated_at)
     SELECT $1, 'p' || i, 'acme/p' || i, 'P ' || i, '1.0.0', 'ready', 'healthy',
       '{"type":"marketplace","packageId":null,"sha256":null}', now(), now()
     FROM generate_series($2::int, $2::int + $3::int - 1) AS i`,
    [workspaceId, from, count],
  )
}

const deltaRows = async (db: Db) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM list_version_deltas WHERE workspace_id = $1 AND list = 'plugins'`,
      [WS],
    )
  ).rows[0]?.n ?? 0

function describeVersions(name: string, open: () => Promise<TestDb>) {
  describe(`list versions kept as deltas on ${name}`, () => {
    let testDb: TestDb
    beforeEach(async () => {
      testDb = await open()
    })
    afterEach(() => testDb.close())

    test('after inserts, updates, deletes and another workspace’s writes, the version is the hash over the rows', async () => {
      const { db } = testDb
      const store = createSqlStore(db)
      const empty = await store.pluginsVersion(WS)
      await insertPlugins(db, WS, 0, 5)
      await insertPlugins(db, OTHER, 0, 3)
      const afterInsert = await store.pluginsVersion(WS)
      expect(afterInsert).not.toBe(empty)
      expect(afterInsert).toBe(await hashedOverRows(db, WS))

      await store.updatePlugin(WS, 'p1', { health: 'unknown' })
      const afterUpdate = await store.pluginsVersion(WS)
      expect(afterUpdate).not.toBe(afterInsert)
      expect(afterUpdate).toBe(await hashedOverRows(db, WS))

      await store.deletePlugin(WS, 'p2')
      await store.updatePlugin(OTHER, 'p0', { health: 'unknown' })
      expect(await store.pluginsVersion(WS)).toBe(await hashedOverRows(db, WS))

      // A rewrite that leaves every hashed field as it was changes nothing a list shows.
      const before = await store.pluginsVersion(WS)
      await db.query(`UPDATE plugins SET description = 'other words' WHERE workspace_id = $1`, [WS])
      expect(await store.pluginsVersion(WS)).toBe(before)
    })

    test('deltas that pile up are folded into one row, and the version stays what it was', async () => {
      const { db } = testDb
      const store = createSqlStore(db)
      await insertPlugins(db, WS, 0, 3)
      for (let round = 0; round < 70; round++) {
        await db.query(`UPDATE plugins SET revision = revision + 1 WHERE workspace_id = $1`, [WS])
      }
      expect(await deltaRows(db)).toBeGreaterThan(200)
      const version = await store.pluginsVersion(WS)
      expect(version).toBe(await hashedOverRows(db, WS))
      await waitUntil(
        () => deltaRows(db),
        (rows) => rows === 1,
      )
      expect(await store.pluginsVersion(WS)).toBe(version)
    })

    test('the task list’s version moves with a task write and not with another workspace’s', async () => {
      const { db } = testDb
      const store = createSqlStore(db)
      await db.query('INSERT INTO workspaces (id) VALUES ($1), ($2)', [WS, OTHER])
      const empty = await store.tasksVersion(WS)
      await db.query(
        `INSERT INTO tasks (workspace_id, id, kind, status, actor, created_at, updated_at)
         VALUES ($1, 't1', 'install', 'pending', 'u', now(), now())`,
        [OTHER],
      )
      expect(await store.tasksVersion(WS)).toBe(empty)
      await db.query(
        `INSERT INTO tasks (workspace_id, id, kind, status, actor, created_at, updated_at)
         VALUES ($1, 't1', 'install', 'pending', 'u', now(), now())`,
        [WS],
      )
      const created = await store.tasksVersion(WS)
      expect(created).not.toBe(empty)
      await db.query(`UPDATE tasks SET status = 'running' WHERE workspace_id = $1`, [WS])
      expect(await store.tasksVersion(WS)).not.toBe(created)
    })
  })
}

describeVersions('PGlite', openTestPglite)
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeVersions('PostgreSQL', () => openTestPostgres(url))
}
