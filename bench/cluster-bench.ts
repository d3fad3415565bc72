import { loadavg } from 'node:os'
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
const DEMO_PLUGINS = [
  'acme/hello-world',
  'acme/weather',
  'acme/metrics',
  'acme/translator',
  'acme/audit-log',
  'acme/jira-sync',
]
/** Catalog plugins that run as real workers and end ready (bad-upgrade only at 1.0.0). */
const REAL_PLUGINS = [
  'plugboard/hello',
  'plugboard/chatty',
  'plugboard/sandbox-probe',
  'plugboard/bad-upgrade',
  'plugboard/slow-loader',
  'plugboard/flaky-health',
]
const PINNED: Record<string, string> = { 'plugboard/bad-upgrade': '1.0.0' }
/** Failover moves plugins that load at once: the figure is the cluster's, not a slow onLoad's. */
const FAILOVER_PLUGINS = REAL_PLUGINS.slice(0, 4)
const FAILOVER_WORKSPACES = 2
const FAILOVER_RUNS = Number(process.env.BENCH_FAILOVER_RUNS ?? 3)
const WORKSPACES = 10
const STEP_MS = 50
const LEASE_MS = 3_000
const HEARTBEAT_MS = 1_000
const GRACE_MS = 1_000

type Runtime = 'simulated' | 'process'
const NODE = (index: number) => `bench-${index}`
type Api = Awaited<ReturnType<typeof apiClient>>

/** The newest version of each bench plugin, as the marketplace lists it. */
async function latestVersions(api: Api): Promise<Map<string, string>> {
  const list = await api.json<{ items: { pluginId: string; latestVersion: string }[] }>(
    'GET',
    '/marketplace?pageSize=100',
  )
  return new Map(list.items.map((entry) => [entry.pluginId, PINNED[entry.pluginId] ?? entry.latestVersion]))
}

async function startNodes(count: number, database: ClusterDatabase | null, runtime: Runtime) {
  const nodes: { server: ServerProcess; cleanup(): void }[] = []
  for (let index = 0; index < count; index++) {
    const dirs = makeServerDirs()
    const env: Record<string, string> = database
      ? {
          DATABASE_URL: database.url,
          NODE_ID: NODE(index),
          PLUGBOARD_LEASE_MS: String(LEASE_MS),
          PLUGBOARD_HEARTBEAT_MS: String(HEARTBEAT_MS),
          PLUGBOARD_LEASE_GRACE_MS: String(GRACE_MS),
        }
      : {}
    nodes.push({
      server: await startServer({ ...dirs, stepMs: STEP_MS, runtime, env }),
      cleanup: dirs.cleanup,
    })
  }
  return nodes
}

async function workspaces(api: Api, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const response = await api.request('POST', '/api/workspaces', { name: `Bench ${index}` })
    ids.push(((await response.json()) as { id: string }).id)
  }
  return ids
}

/** 60 installs (10 workspaces × 6 plugins) sent round robin to the nodes; ms until every task ended. */
async function installs(nodeCount: number, database: ClusterDatabase | null, runtime: Runtime = 'simulated') {
  const PLUGINS = runtime === 'process' ? REAL_PLUGINS : DEMO_PLUGINS
  const nodes = await startNodes(nodeCount, database, runtime)
  try {
    const urls = nodes.map((node) => node.server.url)
    const owner = await apiClient(urls[0] as string)
    const ids = await workspaces(owner, WORKSPACES)
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

/**
 * Two nodes with real workers: SIGKILL the one that runs 8 plugins (2 workspaces × 4); ms until
 * every one of them is ready with a worker on the survivor.
 */
async function failover(database: ClusterDatabase) {
  const nodes = await startNodes(2, database, 'process')
  const [a, b] = nodes.map((node) => node.server) as [ServerProcess, ServerProcess]
  try {
    const owner = await apiClient(a.url)
    const ids = await workspaces(owner, FAILOVER_WORKSPACES)
    const versions = await latestVersions(owner)
    const onA = await Promise.all(ids.map((ws) => apiClient(a.url, ws)))
    for (const api of onA) {
      for (const pluginId of FAILOVER_PLUGINS) {
        const version = versions.get(pluginId)
        await api.json('POST', '/installs', { items: [{ source: 'marketplace', pluginId, version }] })
      }
      await waitFor(
        () => api.json<TaskList>('GET', '/tasks?pageSize=100'),
        (list) => list.activeCount === 0,
        60_000,
      )
    }
    const onB = await Promise.all(ids.map((ws) => apiClient(b.url, ws)))
    const movedTo = (node: string) => (list: PluginList) =>
      list.items.length === FAILOVER_PLUGINS.length &&
      list.items.every(
        (plugin: Plugin) => plugin.status === 'ready' && plugin.node === node && plugin.lastError === null,
      )
    for (const api of onB)
      await waitFor(() => api.json<PluginList>('GET', '/plugins?pageSize=100'), movedTo(NODE(0)))
    await a.kill()
    const killed = performance.now()
    // The failover tasks start them on the survivor by themselves; a plugin counts once node-b runs
    // it with a worker (until the lease and grace end they still read as placed on the lost node).
    for (const api of onB) {
      await waitFor(() => api.json<PluginList>('GET', '/plugins?pageSize=100'), movedTo(NODE(1)), 60_000)
      for (const plugin of (await api.json<PluginList>('GET', '/plugins?pageSize=100')).items) {
        await waitFor(
          () => api.json('GET', `/plugins/${plugin.id}`),
          (detail) => detail.runtime?.pid > 0,
          60_000,
        )
      }
    }
    return Math.round(performance.now() - killed)
  } finally {
    for (const node of nodes) {
      await node.server.kill()
      node.cleanup()
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** One install run on `count` PostgreSQL nodes, in a database of its own; false without PostgreSQL. */
async function installsOnPostgres(count: number, runtime: Runtime, label: string): Promise<boolean> {
  const database = await freshClusterDatabase()
  if (!database) return false
  try {
    const result = await installs(count, database, runtime)
    console.log(
      `  ${count} node(s), PostgreSQL${label}: ${result.ms} ms (${result.succeeded}/${result.total} succeeded)`,
    )
    return true
  } finally {
    await database.drop()
  }
}

/**
 * Cluster figures: 60 installs on one PGlite node and on 1, 2 and 3 PostgreSQL nodes (simulated
 * runtime, 50 ms steps), 60 installs with real workers on 1 and 3 nodes, and the median time from
 * a SIGKILL to the lost node's plugins running on the survivor with real workers (lease 3 s,
 * heartbeat 1 s, grace 1 s).
 */
export async function clusterBench(): Promise<void> {
  console.log(
    `\ncluster: 60 installs (10 workspaces × 6 plugins) sent round robin to the nodes (load ${loadAverage()})`,
  )
  console.log('  simulated runtime, 50 ms steps:')
  const pglite = await installs(1, null)
  console.log(`  1 node, PGlite:      ${pglite.ms} ms (${pglite.succeeded}/${pglite.total} succeeded)`)
  for (const count of [1, 2, 3]) if (!(await installsOnPostgres(count, 'simulated', ''))) return
  console.log(`  real workers (${REAL_PLUGINS.join(', ')}):`)
  for (const count of [1, 3]) await installsOnPostgres(count, 'process', ', real workers')
  const times: number[] = []
  for (let run = 0; run < FAILOVER_RUNS; run++) {
    const database = await freshClusterDatabase()
    if (!database) return
    try {
      times.push(await failover(database))
    } finally {
      await database.drop()
    }
  }
  const plugins = FAILOVER_PLUGINS.length * FAILOVER_WORKSPACES
  console.log(
    `  failover, real workers (lease ${LEASE_MS} ms + grace ${GRACE_MS} ms): SIGKILL → all ${plugins} plugins running on the survivor: median ${median(times)} ms of ${times.length} (${times.join(', ')}; load ${loadAverage()})`,
  )
}

const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')
