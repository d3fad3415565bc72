import { afterAll, describe, expect, test } from 'vitest'
import type { NodeList } from '#core/api/node-schemas.ts'
import type { PluginDetail, PluginList } from '#core/api/plugin-schemas.ts'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import {
  apiClient,
  makeServerDirs,
  type ServerProcess,
  startServer,
  waitFor,
} from '#tests/api/server-process.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { freshClusterDatabase } from './cluster-database.ts'
import { nodeEnv } from './cluster-node.ts'

// Real server processes on one PostgreSQL, each with its own DATA_DIR, on short leases.
const STEP_MS = 100
const LEASE_MS = scaled(3_000)
const HEARTBEAT_MS = Math.floor(LEASE_MS / 3)
const GRACE_MS = scaled(1_000)

const database = await freshClusterDatabase()
type Api = Awaited<ReturnType<typeof apiClient>>
type Name = 'a' | 'b' | 'c'

describe.runIf(database)('draining a node on one PostgreSQL', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs(), c: makeServerDirs() }
  const nodes: Partial<Record<Name, ServerProcess>> = {}

  const startNode = async (name: Name) => {
    const node = await startServer({
      ...dirs[name],
      stepMs: STEP_MS,
      env: {
        ...nodeEnv(db.url, name, { leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS, graceMs: GRACE_MS }),
        PLUGBOARD_SHUTDOWN_MS: String(scaled(15_000)),
      },
    })
    nodes[name] = node
    return node
  }
  const placement = async (pluginId: string) =>
    (await db.query<{ node_id: string | null }>('SELECT node_id FROM plugins WHERE id = $1', [pluginId]))[0]
      ?.node_id
  const install = async (api: Api, pluginId: string) => {
    const response = await api.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId, version: '1.0.0' }],
    })
    expect(response.status).toBe(202)
    return ((await response.json()) as { task: Task }).task
  }
  /** Every plugin reads `node` on every node: the same truth wherever the console asks. */
  const everyNodeSays = async (apis: Api[], plugins: string[], node: string) => {
    for (const api of apis) {
      for (const id of plugins) {
        const detail = await api.json<PluginDetail>('GET', `/plugins/${id}`)
        expect(detail).toMatchObject({ status: 'ready', node, nodeStatus: { name: node, answering: true } })
        expect(detail.health).not.toBe('failed')
      }
      const list = await api.json<PluginList>('GET', '/plugins?pageSize=100')
      expect(list.items.map((plugin) => plugin.node)).toEqual(list.items.map(() => node))
    }
  }

  afterAll(async () => {
    for (const node of Object.values(nodes)) await node?.kill()
    for (const dir of Object.values(dirs)) dir.cleanup()
    await db.drop()
  })

  test('a drain asked on another node moves the plugins there through failover tasks; both nodes then name the new node', {
    timeout: scaled(120_000),
  }, async () => {
    const a = await startNode('a')
    const apiA = await apiClient(a.url)
    const tasks = await Promise.all(['acme/hello-world', 'acme/weather'].map((id) => install(apiA, id)))
    await waitFor(
      () => apiA.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.activeCount === 0,
      scaled(30_000),
    )
    const plugins = tasks.map((task) => task.items[0]?.pluginId as string)
    for (const id of plugins) expect(await placement(id)).toBe('node-a')
    // The install items name the node that ran them.
    const installed = await apiA.json<TaskList>('GET', '/tasks?pageSize=100')
    expect(installed.items.flatMap((task) => task.items.map((item) => item.node))).toEqual([
      'node-a',
      'node-a',
    ])

    const b = await startNode('b')
    const apiB = await apiClient(b.url)
    await everyNodeSays([apiA, apiB], plugins, 'node-a')
    const listed = await apiB.request('GET', '/api/nodes')
    expect(listed.status).toBe(200)
    const before = (await listed.json()) as NodeList
    expect(before.items.map((node) => [node.name, node.state, node.self, node.plugins.length])).toEqual([
      ['node-a', 'active', false, 2],
      ['node-b', 'active', true, 0],
    ])

    const drained = await apiB.request('POST', '/api/nodes/node-a/drain')
    expect(drained.status).toBe(202)
    expect(await drained.json()).toMatchObject({ node: { name: 'node-a', state: 'draining' } })

    const after = await waitFor(
      async () => (await apiA.request('GET', '/api/nodes')).json() as Promise<NodeList>,
      (list) =>
        list.items.find((node) => node.name === 'node-a')?.state === 'drained' &&
        list.items.find((node) => node.name === 'node-b')?.plugins.length === 2,
      scaled(30_000),
    )
    expect(
      after.items
        .find((node) => node.name === 'node-b')
        ?.plugins.map((plugin) => plugin.id)
        .sort(),
    ).toEqual([...plugins].sort())
    const moves = await waitFor(
      () => apiB.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.activeCount === 0,
      scaled(30_000),
    )
    const failovers = moves.items.filter((task) => task.kind === 'failover')
    expect(failovers.map((task) => task.status)).toEqual(['success', 'success'])
    expect(failovers.flatMap((task) => task.items.map((item) => item.node))).toEqual(['node-b', 'node-b'])
    for (const id of plugins) expect(await placement(id)).toBe('node-b')
    await everyNodeSays([apiA, apiB], plugins, 'node-b')
    // The drained node takes nothing new: a restart sent to it runs on node-b.
    const restart = await apiA.send('POST', `/plugins/${plugins[0]}/restart`)
    expect(restart.status).toBe(202)
    const { task: restartTask } = (await restart.json()) as { task: Task }
    const restarted = await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${restartTask.id}`),
      (task) => task.status === 'success',
      scaled(30_000),
    )
    expect(restarted.items[0]?.node).toBe('node-b')
  })

  test('SIGTERM drains a node before it exits: its plugins run on a live node, never on none', {
    timeout: scaled(120_000),
  }, async () => {
    const b = nodes.b as ServerProcess
    const c = await startNode('c')
    const apiC = await apiClient(c.url)
    const plugins = (await apiC.json<PluginList>('GET', '/plugins?pageSize=100')).items.map(
      (plugin) => plugin.id,
    )
    expect(plugins).toHaveLength(2)
    expect(await b.stop()).toBe(0)
    // Before b exited its workers stopped and each plugin's failover item went to node-c.
    const moves = await waitFor(
      () => apiC.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.activeCount === 0 && list.items.filter((task) => task.kind === 'failover').length === 4,
      scaled(30_000),
    )
    const latest = moves.items.filter((task) => task.kind === 'failover').slice(0, 2)
    expect(latest.map((task) => [task.status, task.items[0]?.node])).toEqual([
      ['success', 'node-c'],
      ['success', 'node-c'],
    ])
    const apiA = await apiClient((nodes.a as ServerProcess).url)
    await everyNodeSays([apiA, apiC], plugins, 'node-c')
    const list = (await (await apiC.request('GET', '/api/nodes')).json()) as NodeList
    expect(list.items.map((node) => [node.name, node.state])).toEqual([
      ['node-a', 'drained'],
      ['node-b', 'stopped'],
      ['node-c', 'active'],
    ])
  })

  test('a request sent for a plugin a draining node still holds runs on a live node, and the node then ends drained', {
    timeout: scaled(120_000),
  }, async () => {
    const b = await startNode('b')
    const c = nodes.c as ServerProcess
    const owner = await apiClient(c.url)
    const created = await owner.request('POST', '/api/workspaces', { name: 'Drained with a request' })
    const ws = ((await created.json()) as { id: string }).id
    const apiB = await apiClient(b.url, ws)
    const apiC = await apiClient(c.url, ws)
    // On node-c: Hello World 1.0.0, then an upgrade to 2.0.0 that waits for its new capability.
    const installed = await install(apiC, 'acme/hello-world')
    const pluginId = installed.items[0]?.pluginId as string
    await waitFor(
      () => apiC.json<PluginDetail>('GET', `/plugins/${pluginId}`),
      (plugin) => plugin.status === 'ready' && plugin.node === 'node-c',
      scaled(30_000),
    )
    expect((await apiC.send('POST', `/plugins/${pluginId}/upgrade`, { version: '2.0.0' })).status).toBe(202)
    await waitFor(
      () => apiC.json<PluginDetail>('GET', `/plugins/${pluginId}`),
      (plugin) => plugin.status === 'upgrade_pending' && plugin.activeTaskId === null,
      scaled(30_000),
    )
    // An upgrade waiting for approval is not moved: node-c keeps it while it drains.
    expect((await apiB.request('POST', '/api/nodes/node-c/drain')).status).toBe(202)
    const draining = await waitFor(
      async () => (await apiB.request('GET', '/api/nodes')).json() as Promise<NodeList>,
      (list) => list.items.some((node) => node.name === 'node-c' && node.state === 'draining'),
    )
    expect(
      draining.items.find((node) => node.name === 'node-c')?.plugins.map((plugin) => plugin.id),
    ).toContain(pluginId)
    // The rejection sent to node-b is claimed for node-c (the plugin is placed there); a draining
    // node runs nothing new, so it hands the item on to a live node, which restarts the plugin there.
    const rejected = await apiB.send('POST', `/plugins/${pluginId}/upgrade/reject`)
    expect(rejected.status).toBe(202)
    const { task } = (await rejected.json()) as { task: Task }
    const done = await waitFor(
      () => apiB.json<Task>('GET', `/tasks/${task.id}`),
      (current) => current.status !== 'pending' && current.status !== 'running',
      scaled(30_000),
    )
    // Handed on to node-b, or (sent within the second before node-c saw it was draining) run on
    // node-c and then moved by a failover task: either way the plugin ends on node-b.
    expect(done.items[0]?.status).toBe('success')
    expect(['node-b', 'node-c']).toContain(done.items[0]?.node)
    for (const api of [apiB, apiC]) {
      await waitFor(
        () => api.json<PluginDetail>('GET', `/plugins/${pluginId}`),
        (plugin) => plugin.status === 'ready' && plugin.version === '1.0.0' && plugin.node === 'node-b',
        scaled(30_000),
      )
    }
    // The worker runs on node-b (whose runtime alone knows it), none on node-c.
    expect((await apiB.json<PluginDetail>('GET', `/plugins/${pluginId}`)).runtime?.pid).toEqual(
      expect.any(Number),
    )
    expect((await apiC.json<PluginDetail>('GET', `/plugins/${pluginId}`)).runtime).toBeNull()
    await waitFor(
      async () => (await apiB.request('GET', '/api/nodes')).json() as Promise<NodeList>,
      (list) => list.items.some((node) => node.name === 'node-c' && node.state === 'drained'),
      scaled(30_000),
    )
  })
})
