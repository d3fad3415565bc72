import { realpathSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import { helloFiles, tgzOf } from '#server/node-packages/package-tgz.test-helpers.ts'
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
import { sampleWorkers } from './worker-pids.ts'

// Two real nodes with real worker processes on one PostgreSQL, on short leases. `waitFor` scales
// the idle-machine deadlines it is given itself.
const IDLE_LEASE_MS = 3_000
const LEASE_MS = scaled(IDLE_LEASE_MS)
const HEARTBEAT_MS = Math.floor(LEASE_MS / 3)
const GRACE_MS = scaled(1_000)
/** The exit code of a node that found it lost its lease. */
const FENCED_EXIT_CODE = 75

const database = await freshClusterDatabase()

describe.runIf(database)('nodes with real workers', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs() }
  const nodes: ServerProcess[] = []
  const start = async (name: 'a' | 'b') => {
    const node = await startServer({
      ...dirs[name],
      stepMs: 0,
      runtime: 'process',
      env: {
        ...nodeEnv(db.url, name, { leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS, graceMs: GRACE_MS }),
      },
    })
    nodes.push(node)
    return node
  }
  let work = ''
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'plugboard-cluster-upload-'))
    await start('a')
    await start('b')
  })
  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
    for (const node of nodes) {
      resume(node.pid)
      await node.kill()
    }
    dirs.a.cleanup()
    dirs.b.cleanup()
    await db.drop()
  })

  test('a package uploaded through one node installs through another', {
    timeout: scaled(60_000),
  }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const owner = await apiClient(a.url)
    const created = await owner.request('POST', '/api/workspaces', { name: 'Uploads' })
    const ws = ((await created.json()) as { id: string }).id
    const apiA = await apiClient(a.url, ws)
    const apiB = await apiClient(b.url, ws)
    const bytes = await tgzOf(work, await helloFiles())
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(bytes)]), 'hello.tgz')
    const upload = await apiA.sendForm('/packages', form)
    expect(upload.status).toBe(201)
    const { packageId } = (await upload.json()) as { packageId: string }
    const sent = await apiB.send('POST', '/installs', { items: [{ source: 'package', packageId }] })
    expect(sent.status).toBe(202)
    const { task } = (await sent.json()) as { task: Task }
    const done = await waitFor(
      () => apiB.json<Task>('GET', `/tasks/${task.id}`),
      (current) => current.status !== 'pending' && current.status !== 'running',
      30_000,
    )
    expect(done).toMatchObject({ status: 'success' })
    const plugin = await apiB.json('GET', `/plugins/${done.items[0]?.pluginId}`)
    expect(plugin).toMatchObject({ status: 'ready', source: { type: 'package', packageId } })
    expect(plugin.runtime.pid).toBeGreaterThan(0)
    expect(
      (await db.query<{ node_id: string }>('SELECT node_id FROM plugins WHERE id = $1', [plugin.id]))[0],
    ).toEqual({ node_id: 'node-b' })
    // Node A answers for the worker on node B as B does: its diagnostics, health history and logs.
    const onA = await waitFor(
      () => apiA.json('GET', `/plugins/${plugin.id}`),
      (detail) => detail.runtime?.pid === plugin.runtime.pid,
    )
    expect(onA.runtime).toMatchObject({ pid: plugin.runtime.pid, startedAt: plugin.runtime.startedAt })
    const logsB = await apiB.json('GET', `/plugins/${plugin.id}/logs`)
    expect(logsB.text).toContain(`worker ${plugin.runtime.pid} ready`)
    await waitFor(
      () => apiA.json('GET', `/plugins/${plugin.id}/logs`),
      (logs) => logs.text === logsB.text,
    )
    expect(await apiA.json('GET', `/plugins/${plugin.id}/health`)).toEqual(
      await apiB.json('GET', `/plugins/${plugin.id}/health`),
    )
  })

  test('SIGSTOP a node past its lease: its workers stop themselves before the other node starts the plugin, and its late writes are refused', {
    timeout: scaled(120_000),
  }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const apiA = await apiClient(a.url)
    const apiB = await apiClient(b.url)
    const sent = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    expect(sent.status).toBe(202)
    const { task } = (await sent.json()) as { task: Task }
    await waitFor(
      () => apiA.json<Task>('GET', `/tasks/${task.id}`),
      (current) => current.status === 'success',
      30_000,
    )
    const pluginId = task.items[0]?.pluginId as string
    const plugin = 'default/plugboard__hello'
    const sampler = sampleWorkers({ a: realpathSync(dirs.a.root), b: realpathSync(dirs.b.root) }, 25)
    try {
      await waitFor(
        async () => sampler.runningOn('a', plugin),
        (running) => running,
      )
      // node-b shows the worker node-a runs, from node-a's reports.
      const [workerOnA] = sampler.seenOn('a').get(plugin) ?? []
      await waitFor(
        () => apiB.json('GET', `/plugins/${pluginId}`),
        (detail) => detail.runtime?.pid === workerOnA,
      )
      const pausedAt = performance.now()
      process.kill(a.pid, 'SIGSTOP')
      // The paused node cannot beat: its worker stops itself within half the lease.
      await waitFor(
        async () => sampler.runningOn('a', plugin),
        (running) => !running,
        IDLE_LEASE_MS,
      )
      const workerGoneMs = performance.now() - pausedAt
      // Once node-a's lease ran out, node-b says its log tail cannot be read from it.
      const silent = await waitFor(
        () => apiB.json('GET', `/plugins/${pluginId}/logs`),
        (logs) => /node node-a is not answering/.test(logs.text ?? ''),
        IDLE_LEASE_MS * 2 + 10_000,
      )
      expect(silent.text).toContain('The last lines it sent:')
      // node-b declares node-a lost and moves the plugin through a failover task.
      const failover = await waitFor(
        () => apiB.json<TaskList>('GET', '/tasks?pageSize=100'),
        (list) => list.items.some((item) => item.kind === 'failover' && item.status === 'success'),
        IDLE_LEASE_MS * 2 + 30_000,
      )
      expect(failover.items.find((item) => item.kind === 'failover')?.items[0]?.pluginId).toBe(pluginId)
      await waitFor(
        async () => sampler.runningOn('b', plugin),
        (running) => running,
      )
      // Stable on node-b: what the row says before node-a wakes up.
      const rowOf = async () =>
        (
          await db.query<Record<string, unknown>>(
            'SELECT status, health, node_id, revision, updated_at, last_error FROM plugins WHERE id = $1',
            [pluginId],
          )
        )[0]
      const before = await rowOf()
      expect(before).toMatchObject({ status: 'ready', health: 'healthy', node_id: 'node-b' })
      const eventsBefore = await db.query('SELECT id FROM events WHERE plugin_id = $1', [pluginId])

      resume(a.pid)
      expect(await a.exited).toBe(FENCED_EXIT_CODE)
      expect(a.output()).toMatch(/this node lost its lease/)
      // On resume node-a finds its worker gone and would record it (health, a crash): refused.
      expect(await rowOf()).toEqual(before)
      expect(await db.query('SELECT id FROM events WHERE plugin_id = $1', [pluginId])).toEqual(eventsBefore)
      const samples = sampler.stop()
      expect(samples.seen.get('a')?.get(plugin)?.size).toBe(1)
      expect(samples.seen.get('b')?.get(plugin)?.size).toBe(1)
      // Never two workers of the plugin at once, in any sample on any node.
      expect(samples.doubles).toEqual([])
      expect(samples.longestDoubleMs).toBe(0)
      // Half the lease of silence, an eighth for onDestroy: well before the lease and grace end.
      expect(workerGoneMs).toBeLessThan(LEASE_MS)
    } finally {
      sampler.stop()
    }
  })
})
