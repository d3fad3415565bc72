import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { sessionIdOf } from '#server/app/auth/session-token.ts'
import type { Db } from '#server/sql/db.ts'
import { pluginInsertValues } from '#server/sql/plugin-rows.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { Params } from '#server/sql/sql-values.ts'
import { insertTask } from '#server/sql/task-rows.ts'
import { makeItem, makePlugin, makeTask } from '#server/store/store-fixtures.ts'

export const BENCH_WS = 'bench'
export const BENCH_TOKEN = 'bench-session-token-0123456789abcdefghijklmnopqrstuvwxyz'

const STATUSES: Plugin['status'][] = ['ready', 'ready', 'ready', 'disabled', 'error', 'installed']
const CATEGORIES = ['monitoring', 'security', 'analytics', 'storage', 'chat', 'billing']
// A worker's stack trace: what a failed plugin's lastError and a failed item's detail look like.
const STACK = Array.from(
  { length: 12 },
  (_, i) => `    at frame${i} (/plugins/worker/lib/module-${i}.js:${i * 7}:13)`,
)
const ERROR_TEXT = `Error: the worker exited during onLoad (code 1)\n${STACK.join('\n')}`

/** The owner, a signed-in session (BENCH_TOKEN) and the workspace `bench`. */
export async function seedAccount(db: Db): Promise<void> {
  const accounts = createSqlAccountStore(db)
  const at = new Date().toISOString()
  await accounts.setupOwner(
    { id: 'u_bench', email: 'bench@example.com', name: 'Bench', passwordHash: 'x', createdAt: at },
    { id: BENCH_WS, name: 'Bench', installPolicy: 'admins', createdAt: at },
  )
  await accounts.createSession({
    id: await sessionIdOf(BENCH_TOKEN),
    userId: 'u_bench',
    createdAt: at,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  })
}

/** A plugin as a real one looks: modules, capabilities, categories; every sixth in error with a stack. */
export function benchPlugin(i: number): Plugin {
  const status = STATUSES[i % STATUSES.length] as Plugin['status']
  const id = `p${String(i).padStart(6, '0')}`
  return makePlugin({
    id,
    workspaceId: BENCH_WS,
    pluginId: `org${i % 50}/plugin-${i}`,
    name: `Plugin ${i} ${CATEGORIES[i % CATEGORIES.length]}`,
    version: `1.${i % 10}.0`,
    description: `Watches the ${CATEGORIES[i % CATEGORIES.length]} of the workspace and reports what changed (${i}).`,
    author: `Author ${i % 20}`,
    categories: [CATEGORIES[i % CATEGORIES.length] as string],
    capabilities: ['network', 'storage:read', 'events:subscribe'],
    approvedCapabilities: ['network', 'storage:read', 'events:subscribe'],
    status,
    health: status === 'ready' ? 'healthy' : status === 'error' ? 'failed' : 'unknown',
    modules: [
      { id: 'main', name: 'Main', type: 'service', status: 'running', error: null },
      { id: 'ui', name: 'Panel', type: 'panel', status: 'running', error: null },
    ],
    source: { type: 'marketplace', packageId: null, sha256: 'a'.repeat(64) },
    lastError: status === 'error' ? ERROR_TEXT : null,
    revision: i % 7,
    installedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString(),
  })
}

export async function seedPlugins(db: Db, count: number, first = 0): Promise<void> {
  const batch = 200
  for (let start = first; start < first + count; start += batch) {
    const params = new Params()
    const rows: string[] = []
    for (let i = start; i < Math.min(first + count, start + batch); i++) {
      const values = pluginInsertValues(params, benchPlugin(i))
      rows.push(values.slice(values.indexOf('VALUES ') + 'VALUES '.length))
    }
    const columns = pluginInsertValues(new Params(), benchPlugin(0)).split(' VALUES ')[0]
    await db.query(`INSERT INTO plugins ${columns} VALUES ${rows.join(', ')}`, params.values)
  }
}

/** Finished tasks of one to three items; every fourth failed with the full error detail. */
export async function seedTasks(db: Db, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const failed = i % 4 === 0
    // Recent: task retention would purge old finished tasks at server start.
    const at = new Date(Date.now() - (count - i) * 1000).toISOString()
    const pluginIds = Array.from({ length: 1 + (i % 3) }, (_, k) => `p${String(i + k).padStart(6, '0')}`)
    const base = makeTask(`t${String(i).padStart(6, '0')}`, pluginIds, {
      workspaceId: BENCH_WS,
      kind: 'install',
      actor: 'bench@example.com',
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
    })
    const status: Task['status'] = failed ? 'failed' : 'success'
    const items = base.items.map((item) =>
      makeItem({
        ...item,
        status,
        step: 'start',
        progress: 100,
        message: failed ? 'the worker did not start' : 'ready',
        error: failed
          ? { code: 'START_FAILED', message: 'the worker did not start', detail: ERROR_TEXT }
          : null,
        startedAt: at,
        finishedAt: at,
      }),
    )
    const counts = {
      succeeded: failed ? 0 : items.length,
      failed: failed ? items.length : 0,
      cancelled: 0,
      total: items.length,
    }
    await insertTask(db, { ...base, status, items, counts })
  }
}
