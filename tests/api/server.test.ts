import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Plugin, PluginEvent } from '#core/api/plugin-schemas.ts'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { checkedFetch } from '#server/app/openapi/response-check.test-helpers.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

const dirs = makeServerDirs()
let server: ServerProcess
let api: Awaited<ReturnType<typeof apiClient>>

beforeAll(async () => {
  server = await startServer({ ...dirs, stepMs: 20 })
  api = await apiClient(server.url)
  console.info(`[api] first start (initdb + migrations) took ${server.startupMs} ms`)
})

afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
})

const taskDone = (task: Task) => isTerminal(task.status)

async function installAndWait(pluginId: string, version: string): Promise<{ task: Task; plugin: Plugin }> {
  const response = await api.send('POST', '/installs', {
    items: [{ source: 'marketplace', pluginId, version }],
  })
  expect(response.status).toBe(202)
  const { task } = (await response.json()) as { task: Task }
  const done = await waitFor(() => api.json<Task>('GET', `/tasks/${task.id}`), taskDone)
  const plugin = await api.json<Plugin>('GET', `/plugins/${task.items[0]?.pluginId}`)
  return { task: done, plugin }
}

describe('the real server on PGlite', () => {
  test('answers health, its OpenAPI document, JSON 404s under /api and the SPA elsewhere', async () => {
    expect(await (await checkedFetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok' })
    // No plugin was ready before this start: ready as soon as the task recovery is done.
    const ready = await waitFor(
      () => checkedFetch(`${server.url}/api/ready`),
      (response) => response.status === 200,
    )
    expect(await ready.json()).toMatchObject({ status: 'ready', plugins: { starting: 0 } })

    const openApi = await (await checkedFetch(`${server.url}/api/openapi.json`)).json()
    expect(openApi.openapi).toBe('3.1.0')
    expect(Object.keys(openApi.paths)).toContain('/api/workspaces/{ws}/tasks/{taskId}/cancel')
    expect(openApi.paths['/api/workspaces/{ws}/installs'].post.requestBody).toBeDefined()

    const missing = await checkedFetch(`${server.url}/api/no-such-thing`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })

    const deepLink = await checkedFetch(`${server.url}/plugins/plg_123`)
    expect(deepLink.status).toBe(200)
    expect(await deepLink.text()).toContain('<div id="root">')
    const asset = await checkedFetch(`${server.url}/app.js`)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff')
  })

  test('an install from the marketplace runs as a task and the plugin ends ready', async () => {
    const { task, plugin } = await installAndWait('acme/hello-world', '1.0.0')
    expect(task).toMatchObject({ kind: 'install', status: 'success', counts: { succeeded: 1, total: 1 } })
    expect(plugin).toMatchObject({ pluginId: 'acme/hello-world', status: 'ready', activeTaskId: null })
    const list = await api.json('GET', '/plugins?q=HELLO')
    expect(list.items.map((item: Plugin) => item.pluginId)).toEqual(['acme/hello-world'])
  })

  test('20 simultaneous disables of one plugin: one 202, nineteen 409, one task, one event', async () => {
    const { plugin } = await installAndWait('acme/metrics', '1.0.0')
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.send('POST', `/plugins/${plugin.id}/disable`)),
    )
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 202)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(19)
    const bodies = await Promise.all(responses.map((response) => response.json()))
    const winner = bodies.find((body) => body.task)?.task as Task
    await waitFor(() => api.json<Task>('GET', `/tasks/${winner.id}`), taskDone)

    const tasks = await api.json<TaskList>('GET', '/tasks?pageSize=100')
    const disables = tasks.items.filter(
      (task) => task.kind === 'disable' && task.items[0]?.pluginId === plugin.id,
    )
    expect(disables.map((task) => task.id)).toEqual([winner.id])
    const events = await api.json<{ items: PluginEvent[] }>('GET', `/plugins/${plugin.id}/events`)
    expect(events.items.filter((event) => event.to === 'disabled')).toHaveLength(1)
    expect(await api.json<Plugin>('GET', `/plugins/${plugin.id}`)).toMatchObject({
      status: 'disabled',
      revision: expect.any(Number),
    })
  })

  test('SIGTERM lets the running install finish, exits 0, and everything is still there after a restart', {
    timeout: scaled(60_000),
  }, async () => {
    const response = await api.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/slow-sync', version: '1.0.0' }],
    })
    const { task: installing } = (await response.json()) as { task: Task }
    await waitFor(
      () => api.json<Task>('GET', `/tasks/${installing.id}`),
      (task) => task.status === 'running',
    )
    expect(await server.stop()).toBe(0)
    server = await startServer({ ...dirs, stepMs: 20 })
    api = await apiClient(server.url)
    // The step in flight finished before the exit: nothing was left for recovery to do.
    expect(await api.json<Task>('GET', `/tasks/${installing.id}`)).toMatchObject({ status: 'success' })

    const before = await api.json<TaskList>('GET', '/tasks?pageSize=100')
    expect(await server.stop()).toBe(0)
    server = await startServer({ ...dirs, stepMs: 20 })
    api = await apiClient(server.url)
    console.info(`[api] restart on existing data took ${server.startupMs} ms`)
    const after = await api.json<TaskList>('GET', '/tasks?pageSize=100')
    expect(after.items).toEqual(before.items)
    const metrics = await api.json('GET', '/plugins?q=acme/metrics')
    expect(metrics.items[0]).toMatchObject({ status: 'disabled' })
  })
})
