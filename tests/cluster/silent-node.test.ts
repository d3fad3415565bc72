import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PluginList } from '#core/api/plugin-schemas.ts'
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
import { nodeEnv, resume } from './cluster-node.ts'

// Two real server processes on one PostgreSQL. A lease long next to the heartbeat: the paused node
// is resumed well before it could be declared lost.
const HEARTBEAT_MS = scaled(500)
const LEASE_MS = scaled(8_000)
const GRACE_MS = scaled(1_000)

const database = await freshClusterDatabase()

describe.runIf(database)('a node that stops answering', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs() }
  const nodes: ServerProcess[] = []
  const start = async (name: 'a' | 'b') => {
    const node = await startServer({
      ...dirs[name],
      stepMs: 50,
      env: {
        ...nodeEnv(db.url, name, { leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS, graceMs: GRACE_MS }),
      },
    })
    nodes.push(node)
    return node
  }
  beforeAll(async () => {
    await start('a')
    await start('b')
  })
  afterAll(async () => {
    for (const node of nodes) {
      resume(node.pid)
      await node.kill()
    }
    dirs.a.cleanup()
    dirs.b.cleanup()
    await db.drop()
  })

  test('its plugins read health unknown on the other node, and healthy again once it answers', {
    timeout: scaled(60_000),
  }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const apiA = await apiClient(a.url)
    const install = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }],
    })
    expect(install.status).toBe(202)
    const { task } = (await install.json()) as { task: Task }
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${task.id}`),
      (current) => current.status === 'success',
    )
    const pluginId = task.items[0]?.pluginId
    const apiB = await apiClient(b.url)
    const row = async () =>
      (await apiB.json<PluginList>('GET', '/plugins')).items.find((p) => p.id === pluginId)
    expect(await row()).toMatchObject({ status: 'ready', health: 'healthy', node: 'node-a' })

    process.kill(a.pid, 'SIGSTOP')
    try {
      const silent = await waitFor(
        row,
        (plugin) => plugin?.health === 'unknown',
        scaled(2 * HEARTBEAT_MS + 5_000),
      )
      // The lifecycle is unchanged (failover moves it if the node is lost); the reason says why.
      expect(silent).toMatchObject({ status: 'ready', node: 'node-a' })
      expect(silent?.lastError).toContain('node-a stopped answering')
    } finally {
      resume(a.pid)
    }

    const back = await waitFor(
      row,
      (plugin) => plugin?.health === 'healthy',
      scaled(2 * HEARTBEAT_MS + 5_000),
    )
    expect(back).toMatchObject({ status: 'ready', node: 'node-a', lastError: null })
    expect((await db.query<{ state: string }>(`SELECT state FROM nodes WHERE id = 'node-a'`))[0]?.state).toBe(
      'active',
    )
  })
})
