import type { Plugin, PluginList } from '#core/api/plugin-schemas.ts'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import {
  apiClient,
  makeServerDirs,
  type ServerProcess,
  startServer,
  waitFor,
} from '#tests/api/server-process.ts'
import { type ClusterDatabase, freshClusterDatabase } from '#tests/cluster/cluster-database.ts'

/** Demo plugins that install cleanly and quickly in the simulated runtime. */
const PLUGINS = [
  'acme/hello-world',
  'acme/weather',
  'acme/metrics',
  'acme/translator',
  'acme/audit-log',
  'acme/jira-sync',
]
const WORKSPACES = 10
const STEP_MS = 50
const LEASE_MS = 3_000
const HEARTBEAT_MS = 1_000
const GRACE_MS = 1_000

type Api = Awaited<ReturnType<typeof apiClient>>

/** The newest version of each bench plugin, as the marketplace lists it. */
async function latestVersions(api: Api): Promise<Map<string, string>> {
  const list = await api.json<{ items: { pluginId: string; latestVersion: string }[] }>(
    'GET',
    '/marketplace?pageSize=100',
  )
  return new Map(list.items.map((entry) => [entry.pluginId, entry.latestVersion]))
}

async function startNodes(count: number, database: ClusterDatabase | null) {
  const nodes: { server: ServerProcess; cleanup(): void }[] = []
  for (let index = 0; index < count; index++) {
    const dirs = makeServerDirs()
    const env: Record<string, string> = database
      ? {
          DATABASE_URL: database.url,
          NODE_ID: `bench-${index}`,
          PLUGBOARD_LEASE_MS: String(LEASE_MS),
          PLUGBOARD_HEARTBEAT_MS: String(HEARTBEAT_MS),
          PLUGBOARD_LEASE_GRACE_MS: String(GRACE_MS),
        }
      : {}
    nodes.push({ server: await startServer({ ...dirs, stepMs: STEP_MS, env }), cleanup: dirs.cleanup })
  }
  return nodes
}

async function workspaces(api: Api): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < WORKSPACES; index++) {
    const response = await api.request('POST', '/api/workspaces', { name: `Bench ${index}` })
    ids.push(((await response.json()) as { id: string }).id)
  }
  return ids
}

/** 60 installs (10 workspaces × 6 plugins) sent round robin to the nodes; ms until every task ended. */
async function installs(nodeCount: number, database: ClusterDatabase | null) {
  const nodes = await startNodes(nodeCount, database)
  try {
    const urls = nodes.map((node) => node.server.url)
    const owner = await apiClient(urls[0] as string)
    const ids = await workspaces(owner)
    const versions = await latestVersions(owner)
    const clients = await Promise.all(ids.flatMap((ws) => urls.map((url) => apiClient(url, ws))))
    const started = performance.now()
    const tasks = await Promise.all(
      ids.flatMap((_, w) =>
        PLUGINS.map(async (pluginId, p) => {
          const api = clients[w * urls.length + ((w * PLUGINS.length + p) % urls.length)] as Api
          const response = await api.send('POST', '/installs', {
            items: [{ source: 'marketplace', pluginId, version: versions.get(pluginId) }],
          })
          if (response.status !== 202) throw new Error(`install: ${response.status} ${await response.text()}`)
          return { api, task: ((await response.json()) as { task: Task }).task }
        }),
      ),
    )
    let succeeded = 0
    for (const { api, task } of tasks) {
      const done = await waitFor(
        () => api.json<Task>('GET', `/tasks/${task.id}`),
        (current) => current.status !== 'pending' && current.status !== 'running',
        120_000,
      )
      if (done.status === 'success') succeeded++
    }
    return { ms: Math.round(performance.now() - started), succeeded, total: tasks.length }
  } finally {
    for (const node of nodes) {
      await node.server.kill()
      node.cleanup()
    }
  }
}

/** Two nodes: SIGKILL the one that runs 6 plugins; ms until the survivor runs all of them. */
async function failover(database: ClusterDatabase) {
  const nodes = await startNodes(2, database)
  const [a, b] = nodes.map((node) => node.server) as [ServerProcess, ServerProcess]
  try {
    const apiA = await apiClient(a.url)
    const versions = await latestVersions(apiA)
    for (const pluginId of PLUGINS) {
      const version = versions.get(pluginId)
      await apiA.json('POST', '/installs', { items: [{ source: 'marketplace', pluginId, version }] })
    }
    await waitFor(
      () => apiA.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.activeCount === 0,
      60_000,
    )
    const apiB = await apiClient(b.url)
    await a.kill()
    const killed = performance.now()
    // The failover task starts them on the survivor by itself (before the lease ends they still
    // read as ready: that is the window this figure measures).
    await waitFor(
      () => apiB.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.items.some((task) => task.kind === 'failover' && task.status === 'success'),
      60_000,
    )
    await waitFor(
      () => apiB.json<PluginList>('GET', '/plugins?pageSize=100'),
      (list) =>
        list.items.length === PLUGINS.length &&
        list.items.every((plugin: Plugin) => plugin.status === 'ready' && plugin.lastError === null),
      60_000,
    )
    return { readyMs: Math.round(performance.now() - killed) }
  } finally {
    for (const node of nodes) {
      await node.server.kill()
      node.cleanup()
    }
  }
}

/**
 * Cluster figures: 60 installs on one PGlite node and on 1, 2 and 3 PostgreSQL nodes (simulated
 * runtime, 50 ms steps), and the time from a SIGKILL to the lost node's plugins ready on the survivor
 * through the failover task (lease 3 s, heartbeat 1 s, grace 1 s).
 */
export async function clusterBench(): Promise<void> {
  console.log('\ncluster: 60 installs (10 workspaces × 6 plugins), simulated runtime, 50 ms steps')
  const pglite = await installs(1, null)
  console.log(`  1 node, PGlite:      ${pglite.ms} ms (${pglite.succeeded}/${pglite.total} succeeded)`)
  for (const count of [1, 2, 3]) {
    const database = await freshClusterDatabase()
    if (!database) return
    try {
      const result = await installs(count, database)
      console.log(
        `  ${count} node(s), PostgreSQL: ${result.ms} ms (${result.succeeded}/${result.total} succeeded)`,
      )
    } finally {
      await database.drop()
    }
  }
  const database = await freshClusterDatabase()
  if (!database) return
  try {
    const result = await failover(database)
    console.log(
      `  failover (lease ${LEASE_MS} ms + grace ${GRACE_MS} ms): SIGKILL → all ${PLUGINS.length} plugins ready on the survivor ${result.readyMs} ms`,
    )
  } finally {
    await database.drop()
  }
}
