import { realpathSync } from 'node:fs'
import { afterAll, describe, expect, test } from 'vitest'
import type { PluginEventList } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import {
  apiClient,
  makeServerDirs,
  type ServerProcess,
  startServer,
  waitFor,
} from '#tests/api/server-process.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { freshClusterDatabase } from './cluster-database.ts'
import { sampleWorkers, workersNow } from './worker-pids.ts'

// Three real nodes with real worker processes on one PostgreSQL. Twelve workspaces each take the
// same five operations on plugboard/hello, one after another, each sent to the next node in turn:
// sixty operations spread over the nodes, twelve of them at a time. The third node starts while
// the first operations run.
const LEASE_MS = scaled(6_000)
const WORKSPACES = 12
type Api = Awaited<ReturnType<typeof apiClient>>
type Step = { name: string; send(api: Api, pluginId: string): Promise<Response> }
const STEPS: Step[] = [
  {
    name: 'install',
    send: (api) =>
      api.send('POST', '/installs', {
        items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
      }),
  },
  { name: 'restart', send: (api, id) => api.send('POST', `/plugins/${id}/restart`) },
  {
    name: 'upgrade',
    send: (api, id) => api.send('POST', `/plugins/${id}/upgrade`, { version: '1.1.0' }),
  },
  { name: 'disable', send: (api, id) => api.send('POST', `/plugins/${id}/disable`) },
  { name: 'enable', send: (api, id) => api.send('POST', `/plugins/${id}/enable`) },
]

const database = await freshClusterDatabase()

describe.runIf(database)('three nodes, sixty operations', () => {
  const db = database as NonNullable<typeof database>
  const names = ['a', 'b', 'c'] as const
  const dirs = { a: makeServerDirs(), b: makeServerDirs(), c: makeServerDirs() }
  const nodes = new Map<string, ServerProcess>()
  const start = async (name: (typeof names)[number]) => {
    const node = await startServer({
      ...dirs[name],
      stepMs: 0,
      runtime: 'process',
      env: {
        DATABASE_URL: db.url,
        NODE_ID: `node-${name}`,
        PLUGBOARD_LEASE_MS: String(LEASE_MS),
        PLUGBOARD_HEARTBEAT_MS: String(Math.floor(LEASE_MS / 3)),
      },
    })
    nodes.set(name, node)
    return node
  }
  afterAll(async () => {
    for (const node of nodes.values()) await node.kill()
    for (const dir of Object.values(dirs)) dir.cleanup()
    await db.drop()
  })

  test('every item runs exactly once, one worker per ready plugin across the nodes, one event per transition; a node that joins steals nothing', {
    timeout: scaled(240_000),
  }, async () => {
    const a = await start('a')
    await start('b')
    const owner = await apiClient(a.url)
    const workspaces: string[] = []
    for (let index = 0; index < WORKSPACES; index++) {
      const created = await owner.request('POST', '/api/workspaces', { name: `Cluster ${index}` })
      workspaces.push(((await created.json()) as { id: string }).id)
    }
    const roots = Object.fromEntries(names.map((name) => [name, realpathSync(dirs[name].root)]))
    const sampler = sampleWorkers(roots, 100)
    const clients = new Map<string, Api>()
    const clientFor = async (node: string, ws: string) => {
      const key = `${node}/${ws}`
      let client = clients.get(key)
      if (!client) {
        client = await apiClient((nodes.get(node) as ServerProcess).url, ws)
        clients.set(key, client)
      }
      return client
    }
    let turn = 0
    /** The next node in turn among those running now. */
    const nextNode = () => {
      const running = names.filter((name) => nodes.has(name))
      return running[turn++ % running.length] as string
    }
    const tasks: { ws: string; step: string; node: string; task: Task; sentAt: number }[] = []
    const chain = async (ws: string) => {
      let pluginId = ''
      for (const step of STEPS) {
        const node = nextNode()
        const api = await clientFor(node, ws)
        const sent = await step.send(api, pluginId)
        expect(sent.status, `${step.name} on node-${node}`).toBe(202)
        const { task } = (await sent.json()) as { task: Task }
        tasks.push({ ws, step: step.name, node, task, sentAt: performance.now() })
        pluginId ||= task.items[0]?.pluginId as string
        const done = await waitFor(
          () => api.json<Task>('GET', `/tasks/${task.id}`),
          (current) => current.status !== 'pending' && current.status !== 'running',
          60_000,
        )
        expect(done.status, `${step.name} in ${ws}: ${JSON.stringify(done.items[0]?.error)}`).toBe('success')
      }
      return pluginId
    }
    const started = performance.now()
    const chains = workspaces.map((ws) => chain(ws))
    // The third node joins while the first operations run.
    await waitFor(
      async () => tasks.length,
      (count) => count >= WORKSPACES / 2,
      30_000,
    )
    const joinedAt = performance.now()
    const sentBefore = tasks.filter((entry) => entry.sentAt < joinedAt).map((entry) => entry.task.id)
    await start('c')
    const plugins = await Promise.all(chains)
    const elapsedMs = performance.now() - started
    const samples = sampler.stop()

    // Sixty operations, each one task of one item that ran once, on all three nodes.
    expect(tasks).toHaveLength(WORKSPACES * STEPS.length)
    expect(new Set(tasks.map((entry) => entry.node))).toEqual(new Set(names))
    const items = await db.query<{ task_id: string; status: string; claimed_by: string }>(
      'SELECT task_id, status, claimed_by FROM task_items',
    )
    expect(items).toHaveLength(tasks.length)
    expect(items.filter((item) => item.status !== 'success')).toEqual([])
    // The node that joined took none of the work sent before it came.
    expect(items.filter((item) => sentBefore.includes(item.task_id) && item.claimed_by === 'node-c')).toEqual(
      [],
    )
    // One event per transition: each operation left exactly one event in its plugin's timeline.
    for (const [index, ws] of workspaces.entries()) {
      const api = await clientFor('a', ws)
      const events = await api.json<PluginEventList>('GET', `/plugins/${plugins[index]}/events?pageSize=100`)
      expect(events.items.map((event) => event.to).reverse()).toEqual([
        'installed',
        'ready',
        'ready',
        'ready',
        'disabled',
        'ready',
      ])
    }
    // Never two workers of one plugin on two nodes at once (sampled throughout), and at the end
    // exactly one worker per ready plugin, on the node the database places it on.
    expect(samples.doubles).toEqual([])
    const placed = await db.query<{ workspace_id: string; node_id: string }>(
      "SELECT workspace_id, node_id FROM plugins WHERE status = 'ready'",
    )
    expect(placed).toHaveLength(WORKSPACES)
    const now = workersNow(roots)
    expect(now.map((worker) => `${worker.node}:${worker.plugin}`).sort()).toEqual(
      placed.map((row) => `${row.node_id.slice('node-'.length)}:${row.workspace_id}/plugboard__hello`).sort(),
    )
    console.info(`three nodes: ${tasks.length} operations in ${Math.round(elapsedMs)} ms`)
  })
})
