import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type PluginListQuery, PluginListQuerySchema } from '#core/api/plugin-schemas.ts'
import { SEARCH_COUNT_CAP } from './sql-plugin-store.ts'
import { createSqlStore } from './sql-store.ts'
import {
  migratedSnapshot,
  openTestPglite,
  openTestPostgres,
  TEST_DATABASE_URL,
  type TestDb,
} from './sql-test-helpers.ts'

beforeAll(() => migratedSnapshot())

const WS = 'ws_search'
const MATCHES = SEARCH_COUNT_CAP + 25

/** MATCHES plugins named "Alpha n", and 30 named "Beta n"; written by the database in one statement. */
async function seed({ db }: TestDb): Promise<void> {
  await db.query('INSERT INTO workspaces (id) VALUES ($1)', [WS])
  await db.query(
    `INSERT INTO plugins (workspace_id, id, plugin_ref, name, version, status, health, source, installed_at, updated_at)
     SELECT $1, 'p' || lpad(i::text, 6, '0'), 'acme/p' || i,
       CASE WHEN i < $2 THEN 'Alpha ' ELSE 'Beta ' END || i, '1.0.0', 'ready', 'healthy',
       '{"type":"marketplace","packageId":null,"sha256":null}', now(), now()
     FROM generate_series(0, $2::int + 29) AS i`,
    [WS, MATCHES],
  )
}

const search = (q: string, extra: Partial<PluginListQuery> = {}) =>
  PluginListQuerySchema.parse({ q, pageSize: 50, ...extra })

function describeSearchCount(name: string, open: () => Promise<TestDb>) {
  describe(`a search's total on ${name}`, () => {
    let testDb: TestDb
    beforeEach(async () => {
      testDb = await open()
      await seed(testDb)
    })
    afterEach(() => testDb.close())

    test('a search matching fewer than the cap is counted exactly', async () => {
      const page = await createSqlStore(testDb.db).listPlugins(WS, search('beta'))
      expect(page.total).toBe(30)
      expect(page.totalCapped).toBeUndefined()
      expect(page.items).toHaveLength(30)
    })

    test('a broader search says "at least the cap", with the first page of its matches in order', async () => {
      const page = await createSqlStore(testDb.db).listPlugins(WS, search('alpha'))
      expect(page).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true })
      expect(page.items.map((plugin) => plugin.name)).toEqual(
        Array.from({ length: MATCHES }, (_, i) => `Alpha ${i}`)
          .sort()
          .slice(0, 50),
      )
    })

    test('a page at the cap is still "at least"; the page past it counts on to its end, exactly here', async () => {
      const store = createSqlStore(testDb.db)
      const atCap = await store.listPlugins(WS, search('alpha', { page: SEARCH_COUNT_CAP / 50 }))
      expect(atCap).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true })
      expect(atCap.items).toHaveLength(50)
      const past = await store.listPlugins(WS, search('alpha', { page: SEARCH_COUNT_CAP / 50 + 1 }))
      expect(past.total).toBe(MATCHES)
      expect(past.totalCapped).toBeUndefined()
      expect(past.items).toHaveLength(MATCHES - SEARCH_COUNT_CAP)
    })

    test('a search with a line break is tested field by field: it never matches across two fields', async () => {
      const page = await createSqlStore(testDb.db).listPlugins(WS, search('alpha 1\nacme'))
      expect(page.total).toBe(0)
    })
  })
}

describeSearchCount('PGlite', openTestPglite)
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeSearchCount('PostgreSQL', () => openTestPostgres(url))
}
