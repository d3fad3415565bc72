import { afterAll, describe, expect, test } from 'vitest'
import type { PluginDetail } from '#core/api/plugin-schemas.ts'
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

// Two nodes with real worker processes: the node a plugin moves to has never run it, so it must
// unpack the plugin's package itself before it starts the worker.
const LEASE_MS = scaled(3_000)
const database = await freshClusterDatabase()

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.runIf(database)('draining a node with real workers', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { d: makeServerDirs(), e: makeServerDirs() }
  const nodes: ServerProcess[] = []
  const startNode = async (name: 'd' | 'e') => {
    const node = await startServer({
      ...dirs[name],
      stepMs: 0,
      runtime: 'process',
      env: {
        DATABASE_URL: db.url,
        NODE_ID: `node-${name}`,
        PLUGBOARD_LEASE_MS: String(LEASE_MS),
        PLUGBOARD_HEARTBEAT_MS: String(Math.floor(LEASE_MS / 3)),
        PLUGBOARD_LEASE_GRACE_MS: String(scaled(1_000)),
      },
    })
    nodes.push(node)
    return node
  }
  afterAll(async () => {
    for (const node of nodes) await node.kill()
    dirs.d.cleanup()
    dirs.e.cleanup()
    await db.drop()
  })

  test('the plugin’s worker stops on the drained node and runs on the other, unpacked there', {
    timeout: scaled(120_000),
  }, async () => {
    const d = await startNode('d')
    const apiD = await apiClient(d.url)
    const response = await apiD.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '2.0.0' }],
    })
    expect(response.status).toBe(202)
    const { task } = (await response.json()) as { task: Task }
    const pluginId = task.items[0]?.pluginId as string
    const before = await waitFor(
      () => apiD.json<PluginDetail>('GET', `/plugins/${pluginId}`),
      // Placed once the install item has ended (in the same write).
      (plugin) => plugin.status === 'ready' && !!plugin.runtime?.pid && plugin.node === 'node-d',
      scaled(30_000),
    )
    const oldPid = before.runtime?.pid as number
    expect(before).toMatchObject({ node: 'node-d', nodeStatus: { name: 'node-d', answering: true } })

    const e = await startNode('e')
    const apiE = await apiClient(e.url)
    expect((await apiE.request('POST', '/api/nodes/node-d/drain')).status).toBe(202)
    const moved = await waitFor(
      () => apiE.json<TaskList>('GET', '/tasks?pageSize=100'),
      (list) =>
        list.items.some(
          (item) => item.kind === 'failover' && item.status !== 'pending' && item.status !== 'running',
        ),
      scaled(30_000),
    )
    const failover = moved.items.find((item) => item.kind === 'failover')
    expect(failover?.items[0]).toMatchObject({ status: 'success', node: 'node-e', error: null })
    const after = await apiE.json<PluginDetail>('GET', `/plugins/${pluginId}`)
    expect(after).toMatchObject({ status: 'ready', node: 'node-e', nodeStatus: { name: 'node-e' } })
    const newPid = after.runtime?.pid as number
    expect(newPid).toBeGreaterThan(0)
    expect(newPid).not.toBe(oldPid)
    expect(alive(newPid)).toBe(true)
    // One worker: the drained node's is gone, and it names the new node too.
    expect(alive(oldPid)).toBe(false)
    expect(await apiD.json<PluginDetail>('GET', `/plugins/${pluginId}`)).toMatchObject({
      node: 'node-e',
      runtime: null,
    })
  })
})
