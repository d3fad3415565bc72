import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { PluginListQuery } from '#core/api/plugin-schemas.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { pluginListSql } from '#server/sql/plugin-list-sql.ts'
import { PLUGIN_COLUMNS } from '#server/sql/plugin-rows.ts'
import { createSqlStore } from '#server/sql/sql-store.ts'
import { BENCH_WS, seedAccount } from './api-seed.ts'
import { benchDbPrefix, postgresAdminUrl } from './postgres-admin.ts'

const base: PluginListQuery = { page: 1, pageSize: 50, sort: 'name' }
const QUERIES: [label: string, query: PluginListQuery][] = [
  ['list', base],
  ['search "plugin-4242"', { ...base, q: 'plugin-4242' }],
  ['search "security"', { ...base, q: 'security' }], // a sixth of the plugins; counted up to the cap
  ['filter status=error', { ...base, status: 'error' }],
  ['filter category', { ...base, category: 'security' }],
  ['sort status', { ...base, sort: 'status' }],
  ['sort -updatedAt', { ...base, sort: '-updatedAt' }],
  ['sort -name, page 20', { ...base, sort: '-name', page: 20 }],
  ['page size 500', { ...base, pageSize: 500 }],
]

/** N plugins shaped like benchPlugin's, written by the database itself (fast at 100,000). */
export async function seedMany(db: DialectDb, count: number): Promise<void> {
  await db.query(
    `INSERT INTO plugins (workspace_id, id, plugin_ref, name, version, description, author, categories,
       capabilities, approved_capabilities, status, health, modules, source, last_error, revision, installed_at, updated_at)
     SELECT $1, 'p' || lpad(i::text, 6, '0'), 'org' || (i % 50) || '/plugin-' || i,
       'Plugin ' || i || ' ' || (ARRAY['monitoring','security','analytics','storage','chat','billing'])[i % 6 + 1],
       '1.' || (i % 10) || '.0',
       'Watches the ' || (ARRAY['monitoring','security','analytics','storage','chat','billing'])[i % 6 + 1] || ' of the workspace (' || i || ').',
       'Author ' || (i % 20),
       jsonb_build_array((ARRAY['monitoring','security','analytics','storage','chat','billing'])[i % 6 + 1]),
       '["network","storage:read"]', '["network","storage:read"]',
       (ARRAY['ready','ready','ready','disabled','error','installed'])[i % 6 + 1],
       CASE WHEN i % 6 < 3 THEN 'healthy' ELSE 'unknown' END,
       '[{"id":"main","name":"Main","type":"service","status":"running","error":null}]',
       '{"type":"marketplace","packageId":null,"sha256":null}',
       CASE WHEN i % 6 = 4 THEN 'Error: the worker exited' || repeat(E'\\n    at frame', 12) END,
       i % 7, now() - make_interval(secs => i), now() - make_interval(secs => i * 7 % 100000)
     FROM generate_series(0, $2::int - 1) AS i`,
    [BENCH_WS, count],
  )
  // The bulk insert appended a count and a version delta per row: fold them as the first reads
  // would, and vacuum the deleted deltas as autovacuum soon would, so the bench times the steady state.
  for (const table of ['plugin_count_deltas', 'list_version_deltas']) {
    const key = table === 'plugin_count_deltas' ? 'status, category' : 'list'
    const sums = table === 'plugin_count_deltas' ? 'sum(delta)' : 'sum(n), sum(h)'
    await db.query(
      `WITH gone AS (DELETE FROM ${table} WHERE workspace_id = $1 RETURNING *)
       INSERT INTO ${table} SELECT $1, ${key}, ${sums} FROM gone GROUP BY ${key}`,
      [BENCH_WS],
    )
    await db.query(`VACUUM ANALYZE ${table}`)
  }
  await db.query('ANALYZE plugins')
}

const BROAD = 'search "security"'
/** The broad search as it was before its count was capped: every match counted and sorted, in one statement. */
const BROAD_BEFORE = `${BROAD}, every match counted (before)`

async function broadSearchBefore(db: DialectDb): Promise<void> {
  const query: PluginListQuery = { ...base, q: 'security' }
  const { where, orderBy, params } = pluginListSql(BENCH_WS, query)
  const exact = `(name ILIKE ${params.add('%security%')} OR plugin_ref ILIKE $${params.values.length} OR description ILIKE $${params.values.length})`
  await db.query(
    `SELECT ${PLUGIN_COLUMNS}, count(*) OVER () AS total FROM plugins WHERE ${where} AND ${exact}
     ORDER BY ${orderBy} LIMIT 50`,
    params.values,
  )
}

const VERSION = 'list version (the ETag)'
const VERSION_BEFORE = `${VERSION}, hashed over every row (before)`

/** The plugin list's version as it was computed before migration 0011: over every row. */
async function versionBefore(db: DialectDb): Promise<void> {
  await db.query(
    `SELECT count(*)::int AS n,
            sum(hashtext(id || ':' || revision || ':' || status || ':' || coalesce(active_task_id, '')
              || ':' || extract(epoch FROM updated_at)))::text AS h
     FROM plugins WHERE workspace_id = $1`,
    [BENCH_WS],
  )
}

async function p50(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run() // warm: plans, caches
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? 0
}

async function timeQueries(db: DialectDb, runs: number): Promise<Map<string, number>> {
  const store = createSqlStore(db)
  const results = new Map<string, number>()
  for (const [label, query] of QUERIES) {
    results.set(label, await p50(runs, () => store.listPlugins(BENCH_WS, query)))
    if (label === BROAD) results.set(BROAD_BEFORE, await p50(runs, () => broadSearchBefore(db)))
  }
  results.set(VERSION, await p50(runs, () => store.pluginsVersion(BENCH_WS)))
  results.set(VERSION_BEFORE, await p50(runs, () => versionBefore(db)))
  return results
}

/**
 * The plugin list at 10,000 and 100,000 plugins, through the store (the SQL and the row mapping,
 * no HTTP): p50 of each query. docs/quality-bars.md: ≤ 20 ms at p50 on both databases.
 */
export async function listScaleBench(sizes = [10_000, 100_000], runs = 15): Promise<void> {
  const columns: [string, Map<string, number>][] = []
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-list-bench-'))
  const adminUrl = await postgresAdminUrl()
  try {
    for (const size of sizes) {
      const pglite = await openDb({ dataDir: join(dir, `pglite-${size}`) })
      try {
        await seedAccount(pglite)
        await seedMany(pglite, size)
        columns.push([`PGlite ${size / 1000}k`, await timeQueries(pglite, runs)])
      } finally {
        await pglite.close()
      }
      if (!adminUrl) continue
      const name = `${benchDbPrefix()}_list_${process.pid}_${size}`
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${name}`)
      try {
        const url = new URL(adminUrl)
        url.pathname = `/${name}`
        const db = await openDb({ databaseUrl: url.toString() })
        try {
          await seedAccount(db)
          await seedMany(db, size)
          columns.push([`PostgreSQL ${size / 1000}k`, await timeQueries(db, runs)])
        } finally {
          await db.close()
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  console.log('lists: plugin list through the store, p50 ms (page size 50 unless said)')
  const labels = [...QUERIES.map(([label]) => label), BROAD_BEFORE, VERSION, VERSION_BEFORE]
  const width = Math.max(...labels.map((label) => label.length)) + 2
  console.log(`  ${''.padEnd(width)}${columns.map(([label]) => label.padStart(16)).join('')}`)
  for (const label of labels) {
    console.log(
      `  ${label.padEnd(width)}${columns.map(([, times]) => (times.get(label) ?? 0).toFixed(1).padStart(16)).join('')}`,
    )
  }
}
