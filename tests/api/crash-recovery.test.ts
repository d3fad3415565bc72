import { afterAll, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

// Every simulated step takes 200 ms; acme/slow-sync's take five times that.
const STEP_MS = 200
const dirs = makeServerDirs()
let server: ServerProcess | undefined

afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
})

const isActive = (task: Task) => task.status === 'pending' || task.status === 'running'

test('SIGKILL mid-install: after a restart every task ends, nothing is duplicated, nothing stays running', {
  timeout: scaled(90_000),
}, async () => {
  server = await startServer({ ...dirs, stepMs: STEP_MS })
  let api = await apiClient(server.url)
  const install = async (pluginId: string) => {
    const response = await api.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId, version: '1.0.0' }],
    })
    expect(response.status).toBe(202)
    return ((await response.json()) as { task: Task }).task
  }
  const fast = await install('acme/hello-world')
  const slow = await install('acme/slow-sync')

  // Kill the server once hello-world is starting its worker (not idempotent) while slow-sync is
  // still fetching its package (idempotent).
  await waitFor(
    () => api.json<Task>('GET', `/tasks/${fast.id}`),
    (task) => task.items[0]?.step === 'start' || task.items[0]?.step === 'load',
  )
  const slowSeen = await api.json<Task>('GET', `/tasks/${slow.id}`)
  await server.kill()
  expect(['download', 'verify']).toContain(slowSeen.items[0]?.step)

  server = await startServer({ ...dirs, stepMs: STEP_MS })
  api = await apiClient(server.url)
  const tasks = await waitFor(
    () => api.json<TaskList>('GET', '/tasks?pageSize=100'),
    (list) => list.activeCount === 0,
  )
  expect(tasks.items.map((task) => task.id).sort()).toEqual([fast.id, slow.id].sort())

  // Killed in `start` or `load`: neither is repeated, so the item ends INTERRUPTED and the plugin
  // `error`. (On a badly overloaded machine the install may have finished before the kill landed.)
  const fastEnd = tasks.items.find((task) => task.id === fast.id)
  const fastPlugin = await api.json<Plugin>('GET', `/plugins/${fast.items[0]?.pluginId}`)
  if (fastEnd?.status === 'success') {
    expect(fastPlugin).toMatchObject({ status: 'ready', activeTaskId: null })
  } else {
    expect(fastEnd).toMatchObject({ status: 'failed', counts: { failed: 1, total: 1 } })
    expect(fastEnd?.items[0]?.error).toMatchObject({ code: 'INTERRUPTED' })
    expect(['start', 'load']).toContain(fastEnd?.items[0]?.step)
    expect(fastPlugin).toMatchObject({ status: 'error', activeTaskId: null })
    expect(fastPlugin.lastError).toMatch(/The server stopped while this step/)
  }

  const slowEnd = tasks.items.find((task) => task.id === slow.id)
  expect(slowEnd).toMatchObject({ status: 'success', counts: { succeeded: 1, total: 1 } })
  expect(await api.json<Plugin>('GET', `/plugins/${slow.items[0]?.pluginId}`)).toMatchObject({
    status: 'ready',
    activeTaskId: null,
  })

  // One row per plugin, and the interrupted one is usable again: enabling it works.
  const plugins = await api.json<{ items: Plugin[]; total: number }>('GET', '/plugins?pageSize=100')
  expect(plugins.items.map((plugin) => plugin.pluginId).sort()).toEqual([
    'acme/hello-world',
    'acme/slow-sync',
  ])
  if (fastPlugin.status === 'error') {
    const enable = await api.send('POST', `/plugins/${fastPlugin.id}/enable`)
    expect(enable.status).toBe(202)
    const { task: enabling } = (await enable.json()) as { task: Task }
    const enabled = await waitFor(
      () => api.json<Task>('GET', `/tasks/${enabling.id}`),
      (task) => !isActive(task),
    )
    expect(enabled.status).toBe('success')
  }

  expect(await server.stop()).toBe(0)
  server = undefined
})
