import { realpathSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PluginDetail } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'
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

// Two real nodes with real workers: every operation sent to node-b on a plugin whose worker runs on
// node-a acts on node-a's worker, and node-b never starts one of its own.
const LEASE_MS = scaled(3_000)
const database = await freshClusterDatabase()

type Api = Awaited<ReturnType<typeof apiClient>>

describe.runIf(database)('operations sent to any node', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs() }
  const nodes: ServerProcess[] = []
  let apiA: Api
  let apiB: Api
  let roots: Record<string, string> = {}
  beforeAll(async () => {
    for (const name of ['a', 'b'] as const) {
      nodes.push(
        await startServer({
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
        }),
      )
    }
    apiA = await apiClient((nodes[0] as ServerProcess).url)
    apiB = await apiClient((nodes[1] as ServerProcess).url)
    roots = { a: realpathSync(dirs.a.root), b: realpathSync(dirs.b.root) }
  })
  afterAll(async () => {
    for (const node of nodes) await node.kill()
    dirs.a.cleanup()
    dirs.b.cleanup()
    await db.drop()
  })

  /** Sends an operation, then waits for its task to end; answers the ended task. */
  const operate = async (api: Api, method: string, path: string, body?: unknown) => {
    const response = await api.send(method, path, body)
    expect(response.status, await response.clone().text()).toBe(202)
    const { task } = (await response.json()) as { task: Task }
    return waitFor(
      () => api.json<Task>('GET', `/tasks/${task.id}`),
      (current) => !isActive(current.status),
      30_000,
    )
  }
  const workersOf = (plugin: string) => workersNow(roots).filter((worker) => worker.plugin === plugin)

  test('restart, configure, disable, enable, upgrade, uninstall and purge through node-b act on node-a’s worker', {
    timeout: scaled(90_000),
  }, async () => {
    const installed = await operate(apiA, 'POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    expect(installed).toMatchObject({ status: 'success' })
    const id = installed.items[0]?.pluginId as string
    const plugin = 'default/plugboard__hello'
    const detailOn = (api: Api) => api.json<PluginDetail>('GET', `/plugins/${id}`)
    const running = await waitFor(
      () => detailOn(apiB),
      (detail) => detail.status === 'ready' && detail.node === 'node-a' && !!detail.runtime?.pid,
    )
    const sampler = sampleWorkers(roots, 25)
    try {
      expect(workersOf(plugin)).toEqual([{ node: 'a', plugin, pid: running.runtime?.pid }])
      /** The one worker of the plugin, on node-a, once node-b reports that pid too. */
      const workerOnA = async (not?: number) => {
        const [worker] = await waitFor(
          async () => workersOf(plugin),
          (workers) => workers.length === 1 && workers[0]?.pid !== not,
        )
        expect(worker?.node).toBe('a')
        await waitFor(
          () => detailOn(apiB),
          (detail) => detail.node === 'node-a' && detail.runtime?.pid === worker?.pid,
        )
        return worker?.pid as number
      }
      const noWorker = () =>
        waitFor(
          async () => workersOf(plugin),
          (workers) => workers.length === 0,
        )

      const restarted = await operate(apiB, 'POST', `/plugins/${id}/restart`)
      expect(restarted).toMatchObject({ status: 'success', items: [{ node: 'node-a' }] })
      const afterRestart = await workerOnA(running.runtime?.pid as number)

      const configured = await operate(apiB, 'PUT', `/plugins/${id}/config`, {
        modules: { greeter: { greeting: 'Bonjour' } },
      })
      expect(configured).toMatchObject({ status: 'success', items: [{ node: 'node-a' }] })
      expect(await apiA.json('GET', `/plugins/${id}/config`)).toMatchObject({
        modules: expect.arrayContaining([
          expect.objectContaining({
            id: 'greeter',
            values: expect.objectContaining({ greeting: 'Bonjour' }),
          }),
        ]),
      })
      await workerOnA()

      expect(await operate(apiB, 'POST', `/plugins/${id}/disable`)).toMatchObject({ status: 'success' })
      await noWorker()
      expect(await detailOn(apiA)).toMatchObject({ status: 'disabled', runtime: null })

      expect(await operate(apiB, 'POST', `/plugins/${id}/enable`)).toMatchObject({
        status: 'success',
        items: [{ node: 'node-a' }],
      })
      const afterEnable = await workerOnA()
      expect(afterEnable).not.toBe(afterRestart)

      expect(await operate(apiB, 'POST', `/plugins/${id}/upgrade`, { version: '1.1.0' })).toMatchObject({
        status: 'success',
        items: [{ node: 'node-a' }],
      })
      await workerOnA(afterEnable)
      expect(await detailOn(apiA)).toMatchObject({ status: 'ready', version: '1.1.0', node: 'node-a' })

      expect(await operate(apiB, 'DELETE', `/plugins/${id}?purge=false`)).toMatchObject({ status: 'success' })
      await noWorker()
      expect(await detailOn(apiA)).toMatchObject({ status: 'uninstalled', runtime: null })

      expect(await operate(apiB, 'DELETE', `/plugins/${id}?purge=true`)).toMatchObject({ status: 'success' })
      expect((await apiA.send('GET', `/plugins/${id}`)).status).toBe(404)
      expect(await db.query('SELECT id FROM plugins WHERE id = $1', [id])).toEqual([])
      expect(workersOf(plugin)).toEqual([])
    } finally {
      sampler.stop()
    }
    const samples = sampler.stop()
    // node-b never ran a worker of the plugin, not even for a moment.
    expect(samples.seen.get('b')).toBeUndefined()
    expect(samples.doubles).toEqual([])
  })

  test('a task running on node-a stops when it is cancelled through node-b', {
    timeout: scaled(60_000),
  }, async () => {
    const response = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/never-loads', version: '1.0.0' }],
    })
    expect(response.status).toBe(202)
    const { task } = (await response.json()) as { task: Task }
    const plugin = 'default/plugboard__never-loads'
    // The worker is up on node-a and its module waits forever in onLoad.
    await waitFor(
      async () => workersOf(plugin),
      (workers) => workers.length === 1 && workers[0]?.node === 'a',
    )
    const loading = await apiB.json<Task>('GET', `/tasks/${task.id}`)
    expect(loading).toMatchObject({ status: 'running', items: [{ node: 'node-a' }] })
    const asked = performance.now()
    const cancel = await apiB.send('POST', `/tasks/${task.id}/cancel`)
    expect(cancel.status).toBe(200)
    const ended = await waitFor(
      () => apiB.json<Task>('GET', `/tasks/${task.id}`),
      (current) => !isActive(current.status),
      10_000,
    )
    const stoppedMs = performance.now() - asked
    expect(ended).toMatchObject({ status: 'cancelled' })
    expect(stoppedMs).toBeLessThan(scaled(2_000))
    await waitFor(
      async () => workersOf(plugin),
      (workers) => workers.length === 0,
    )
  })
})
