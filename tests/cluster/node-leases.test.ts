import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Plugin, PluginEventList, PluginList } from '#core/api/plugin-schemas.ts'
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
import { nodeEnv, resume } from './cluster-node.ts'

// Real server processes on one PostgreSQL, each with its own DATA_DIR, on short leases.
// Every simulated step takes 300 ms; acme/slow-sync's take five times that.
const STEP_MS = 300
const LEASE_MS = scaled(3_000)
const HEARTBEAT_MS = Math.floor(LEASE_MS / 3)
const GRACE_MS = scaled(1_000)
/** From a node's last renewal to its items ended elsewhere: lease, grace, a beat, and slack. */
const TAKEOVER_MS = LEASE_MS + GRACE_MS + HEARTBEAT_MS + scaled(10_000)
/** The exit code of a node that found it lost its lease. */
const FENCED_EXIT_CODE = 75

const database = await freshClusterDatabase()

/** SIGCONT, if the process still exists. */ type Api = Awaited<ReturnType<typeof apiClient>>

describe.runIf(database)('cluster nodes on one PostgreSQL', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs() }
  const nodes: Partial<Record<'a' | 'b', ServerProcess>> = {}

  const startNode = async (name: 'a' | 'b') => {
    const node = await startServer({
      ...dirs[name],
      stepMs: STEP_MS,
      env: {
        ...nodeEnv(db.url, name, { leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS, graceMs: GRACE_MS }),
      },
    })
    nodes[name] = node
    return node
  }
  const placement = async (pluginId: string | undefined) =>
    (await db.query<{ node_id: string | null }>('SELECT node_id FROM plugins WHERE id = $1', [pluginId]))[0]
      ?.node_id
  const claimerOf = async (taskId: string) =>
    (
      await db.query<{ claimed_by: string }>('SELECT claimed_by FROM task_items WHERE task_id = $1', [taskId])
    )[0]?.claimed_by
  const nodeState = async (id: string) =>
    (await db.query<{ state: string }>('SELECT state FROM nodes WHERE id = $1', [id]))[0]?.state

  /** A fresh workspace, so each test's installs start from nothing. */
  const workspace = async (url: string, name: string) => {
    const owner = await apiClient(url)
    const created = await owner.request('POST', '/api/workspaces', { name })
    expect(created.status).toBe(201)
    return ((await created.json()) as { id: string }).id
  }
  const install = async (api: Api, pluginId: string) => {
    const response = await api.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId, version: '1.0.0' }],
    })
    expect(response.status).toBe(202)
    return ((await response.json()) as { task: Task }).task
  }
  const allEnded = (api: Api, ms: number) =>
    waitFor(
      () => api.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.activeCount === 0,
      ms,
    )

  beforeAll(() => startNode('a').then(() => undefined))
  afterAll(async () => {
    for (const node of Object.values(nodes)) {
      // A node left paused by a failed test must be able to die.
      if (node) resume(node.pid)
      await node?.kill()
    }
    dirs.a.cleanup()
    dirs.b.cleanup()
    await db.drop()
  })

  test('a node started while another works steals nothing and interrupts nothing', {
    timeout: scaled(90_000),
  }, async () => {
    const a = nodes.a as ServerProcess
    const apiA = await apiClient(a.url)
    const tasks = [
      await install(apiA, 'acme/slow-sync'),
      ...(await Promise.all(['acme/hello-world', 'acme/weather'].map((id) => install(apiA, id)))),
    ]
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${tasks[0]?.id}`),
      (task) => task.items[0]?.status === 'running',
    )
    const b = await startNode('b')
    const apiB = await apiClient(b.url)
    const ended = await allEnded(apiB, scaled(60_000))
    expect(ended.items.map((task) => [task.id, task.status]).sort()).toEqual(
      tasks.map((task) => [task.id, 'success']).sort(),
    )
    for (const task of tasks) {
      const plugin = await apiB.json<Plugin>('GET', `/plugins/${task.items[0]?.pluginId}`)
      expect(plugin).toMatchObject({ status: 'ready', activeTaskId: null })
      // Installed once: one transition into `ready`, not one per node.
      const events = await apiB.json<PluginEventList>('GET', `/plugins/${plugin.id}/events?pageSize=100`)
      expect(events.items.filter((event) => event.to === 'ready')).toHaveLength(1)
    }
    for (const node of [a, b]) {
      const ready = await waitFor(
        () => fetch(`${node.url}/api/ready`),
        (response) => response.status === 200,
        scaled(20_000),
      )
      expect(await ready.json()).toMatchObject({ status: 'ready' })
    }
    expect([await nodeState('node-a'), await nodeState('node-b')]).toEqual(['active', 'active'])
    for (const task of tasks) expect(await placement(task.items[0]?.pluginId)).toBe('node-a')

    // A restart sent to node-b acts where the worker runs: node-a runs the item.
    const pluginId = tasks[1]?.items[0]?.pluginId
    const restart = await apiB.send('POST', `/plugins/${pluginId}/restart`)
    expect(restart.status).toBe(202)
    const { task: restartTask } = (await restart.json()) as { task: Task }
    await waitFor(
      () => apiB.json<Task>('GET', `/tasks/${restartTask.id}`),
      (task) => task.status === 'success',
    )
    expect(await claimerOf(restartTask.id)).toBe('node-a')
    expect(await placement(pluginId)).toBe('node-a')
  })

  test('a cancel sent to another node stops the step where it runs within a second or two', {
    timeout: scaled(60_000),
  }, async () => {
    const a = nodes.a as ServerProcess
    const b = nodes.b as ServerProcess
    const ws = await workspace(a.url, 'Cancelled elsewhere')
    const apiA = await apiClient(a.url, ws)
    const apiB = await apiClient(b.url, ws)
    const slow = await install(apiA, 'acme/slow-sync')
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${slow.id}`),
      (task) => task.items[0]?.status === 'running',
    )
    const asked = performance.now()
    expect((await apiB.send('POST', `/tasks/${slow.id}/cancel`)).status).toBeLessThan(300)
    const cancelled = await waitFor(
      () => apiB.json<Task>('GET', `/tasks/${slow.id}`),
      (task) => task.status === 'cancelled',
      scaled(3_000),
    )
    expect(performance.now() - asked).toBeLessThan(scaled(3_000))
    expect(cancelled.items[0]).toMatchObject({ status: 'cancelled' })
  })

  test('SIGKILL a node mid-task: its items end on a live node within the lease and grace', {
    timeout: scaled(120_000),
  }, async () => {
    const a = nodes.a as ServerProcess
    const b = nodes.b as ServerProcess
    const ws = await workspace(a.url, 'Killed node')
    const apiA = await apiClient(a.url, ws)
    const slow = await install(apiA, 'acme/slow-sync')
    const fast = await install(apiA, 'acme/hello-world')
    // hello-world starting its worker (not safe to repeat), slow-sync still fetching (safe).
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${fast.id}`),
      (task) => task.items[0]?.step === 'start' || task.items[0]?.step === 'load',
    )
    const slowSeen = await apiA.json<Task>('GET', `/tasks/${slow.id}`)
    await a.kill()
    const killedAt = performance.now()
    expect(['download', 'verify']).toContain(slowSeen.items[0]?.step)

    const apiB = await apiClient(b.url, ws)
    const ended = await allEnded(apiB, TAKEOVER_MS + scaled(30_000))
    expect(performance.now() - killedAt).toBeLessThan(TAKEOVER_MS + scaled(30_000))
    expect(await nodeState('node-a')).toBe('lost')
    const fastEnd = ended.items.find((task) => task.id === fast.id)
    // On a badly overloaded machine the install may have finished before the kill landed.
    if (fastEnd?.status !== 'success') {
      expect(fastEnd?.items[0]?.error).toMatchObject({ code: 'NODE_LOST' })
      expect(fastEnd?.items[0]?.error?.message).toMatch(/Node node-a stopped answering/)
      expect(await apiB.json<Plugin>('GET', `/plugins/${fast.items[0]?.pluginId}`)).toMatchObject({
        status: 'error',
        activeTaskId: null,
      })
    }
    // The fetch is safe to repeat: it ran again on node-b, to the end.
    expect(ended.items.find((task) => task.id === slow.id)).toMatchObject({ status: 'success' })
    expect(await placement(slow.items[0]?.pluginId)).toBe('node-b')

    // What node-a ran moves to node-b through a failover task shown in the task panel; until its
    // worker runs there it reads as not running, never as healthy.
    const apiDefault = await apiClient(b.url)
    const failover = await waitFor(
      () => apiDefault.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) => list.items.some((task) => task.kind === 'failover' && task.status === 'success'),
      scaled(30_000),
    )
    const moved = failover.items.find((task) => task.kind === 'failover') as Task
    expect(moved).toMatchObject({ actor: 'system', status: 'success' })
    const plugins = await apiDefault.json<PluginList>('GET', '/plugins?pageSize=100')
    expect(moved.items.map((item) => item.pluginId).sort()).toEqual(
      plugins.items.map((plugin) => plugin.id).sort(),
    )
    for (const plugin of plugins.items) {
      expect(plugin).toMatchObject({ status: 'ready', activeTaskId: null })
      expect(plugin.health).not.toBe('failed')
      expect(await placement(plugin.id)).toBe('node-b')
      const events = await apiDefault.json<PluginEventList>(
        'GET',
        `/plugins/${plugin.id}/events?pageSize=100`,
      )
      expect(events.items.some((event) => event.reason === 'moved to a live node')).toBe(true)
    }
  })

  test('SIGSTOP a node past its lease: the other takes over, and once resumed it fences itself and writes nothing', {
    timeout: scaled(120_000),
  }, async () => {
    const a = await startNode('a')
    const b = nodes.b as ServerProcess
    const ws = await workspace(a.url, 'Paused node')
    const apiA = await apiClient(a.url, ws)
    const slow = await install(apiA, 'acme/slow-sync')
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${slow.id}`),
      (task) => task.items[0]?.step === 'start',
      scaled(30_000),
    )
    process.kill(a.pid, 'SIGSTOP')
    const apiB = await apiClient(b.url, ws)
    const ended = await allEnded(apiB, TAKEOVER_MS)
    expect(await nodeState('node-a')).toBe('lost')
    const lost = ended.items.find((task) => task.id === slow.id)
    expect(lost).toMatchObject({ status: 'failed' })
    expect(lost?.items[0]?.error).toMatchObject({ code: 'NODE_LOST' })
    const pluginId = slow.items[0]?.pluginId
    const pluginThen = await apiB.json<Plugin>('GET', `/plugins/${pluginId}`)
    expect(pluginThen).toMatchObject({ status: 'error', activeTaskId: null })
    const taskThen = await apiB.json<Task>('GET', `/tasks/${slow.id}`)

    process.kill(a.pid, 'SIGCONT')
    expect(await a.exited).toBe(FENCED_EXIT_CODE)
    expect(a.output()).toMatch(/this node lost its lease/)
    // Nothing the paused node was in the middle of landed after it resumed.
    expect(await apiB.json<Task>('GET', `/tasks/${slow.id}`)).toEqual(taskThen)
    expect(await apiB.json<Plugin>('GET', `/plugins/${pluginId}`)).toEqual(pluginThen)
  })
  test('SIGTERM: a node drains, stops its workers and leaves its plugins reading as not running', {
    timeout: scaled(60_000),
  }, async () => {
    const b = nodes.b as ServerProcess
    const placed = await db.query<{ id: string }>("SELECT id FROM plugins WHERE node_id = 'node-b'")
    expect(placed.length).toBeGreaterThan(0)
    expect(await b.stop()).toBe(0)
    expect(await nodeState('node-b')).toBe('stopped')
    const after = await db.query<{ node_id: string | null; health: string; last_error: string | null }>(
      'SELECT node_id, health, last_error FROM plugins WHERE id = ANY($1)',
      [placed.map((row) => row.id)],
    )
    for (const plugin of after) {
      expect(plugin).toMatchObject({ node_id: null, health: 'failed' })
      expect(plugin.last_error).toMatch(/Node node-b stopped/)
    }
  })
})
