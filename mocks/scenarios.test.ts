import { afterEach, describe, expect, test, vi } from 'vitest'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { createApp } from '#server/app/create-app.ts'
import { createMemoryDeps, type MemoryDeps } from './memory-deps.ts'
import {
  DEFAULT_WORKSPACE_ID,
  type ScenarioName,
  scenarioFromSearch,
  scenarioSessionToken,
  seedScenario,
} from './scenarios.ts'

afterEach(() => {
  vi.useRealTimers()
})

const WS = DEFAULT_WORKSPACE_ID
const query = { page: 1, pageSize: 50, sort: 'name' as const }

async function seeded(name: ScenarioName): Promise<MemoryDeps> {
  vi.useFakeTimers()
  const deps = createMemoryDeps({ stepMs: 100 })
  await seedScenario(name, deps)
  return deps
}

const statusByRef = (plugins: Plugin[]) =>
  Object.fromEntries(plugins.map((plugin) => [plugin.pluginId, plugin.status]))

describe('scenarioFromSearch', () => {
  test.each([
    ['', 'demo'],
    ['?scenario=busy', 'busy'],
    ['?x=1&scenario=failing', 'failing'],
    ['?scenario=empty', 'empty'],
    ['?scenario=unknown', 'demo'],
  ])('%s → %s', (search, expected) => {
    expect(scenarioFromSearch(search)).toBe(expected)
  })
})

describe('seedScenario', () => {
  test('demo: plugins in several statuses and two terminal tasks', async () => {
    const deps = await seeded('demo')
    const { items } = await deps.store.listPlugins(WS, query)
    expect(statusByRef(items)).toEqual({
      'acme/hello-world': 'ready',
      'acme/weather': 'disabled',
      'acme/metrics': 'ready',
      'acme/translator': 'ready',
      'acme/broken-loader': 'error',
    })
    expect(items.find((plugin) => plugin.status === 'error')?.lastError).toContain('\n')
    const tasks = await deps.store.listTasks(WS, { page: 1, pageSize: 50 })
    expect(tasks.activeCount).toBe(0)
    expect(tasks.items.map((task) => [task.kind, task.status])).toEqual([
      ['disable', 'success'],
      ['install', 'failed'],
    ])
  })

  test('empty: nothing at all', async () => {
    const deps = await seeded('empty')
    expect((await deps.store.listPlugins(WS, query)).total).toBe(0)
    expect((await deps.store.listTasks(WS, { page: 1, pageSize: 50 })).total).toBe(0)
  })

  test('busy: several tasks really running, and they progress', async () => {
    const deps = await seeded('busy')
    const before = await deps.store.listTasks(WS, { page: 1, pageSize: 50 })
    expect(before.activeCount).toBe(5)
    await vi.advanceTimersByTimeAsync(250)
    const after = await deps.store.listTasks(WS, { page: 1, pageSize: 50 })
    const running = after.items.flatMap((task) => task.items).filter((item) => item.status === 'running')
    expect(running.length).toBeGreaterThanOrEqual(3)
    expect(running.some((item) => item.progress > 0)).toBe(true)
    await vi.runAllTimersAsync()
    expect((await deps.store.listTasks(WS, { page: 1, pageSize: 50 })).activeCount).toBe(0)
  })

  test('failing: plugins in error, failed tasks, and every new install fails', async () => {
    const deps = await seeded('failing')
    const { items } = await deps.store.listPlugins(WS, query)
    expect(items.length).toBeGreaterThanOrEqual(3)
    expect(items.every((plugin) => plugin.status === 'error' && plugin.lastError)).toBe(true)
    const tasks = await deps.store.listTasks(WS, { page: 1, pageSize: 50 })
    expect(tasks.items.every((task) => task.status === 'failed')).toBe(true)

    const app = createApp(deps)
    const body = { items: [{ source: 'marketplace', pluginId: 'acme/translator', version: '0.4.0' }] }
    const response = await app.request(`/api/workspaces/${WS}/installs`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        cookie: `${SESSION_COOKIE}=${scenarioSessionToken('failing')}`,
        [CSRF_HEADER]: CSRF_HEADER_VALUE,
      },
    })
    const { task } = await response.json()
    await vi.runAllTimersAsync()
    expect((await deps.store.getTask(WS, task.id))?.status).toBe('failed')
  })

  test('crashing: a worker crash-loops visibly, then its plugin goes error through the supervisor', async () => {
    const deps = await seeded('crashing')
    const weather = await deps.store.findPluginByRef(WS, 'acme/weather')
    if (!weather) throw new Error('weather was not installed')
    expect(weather).toMatchObject({ status: 'ready', health: 'healthy' })
    const kinds: string[] = []
    deps.changes?.subscribe(WS, null, (event) => {
      if (event.type === 'runtime' && event.data.pluginId === weather.id) kinds.push(event.data.kind)
    })

    await vi.advanceTimersByTimeAsync(4_000)
    expect(await deps.store.getPlugin(WS, weather.id)).toMatchObject({
      status: 'ready',
      health: 'recovering',
    })
    const info = deps.runtime.info(WS, weather.id)
    expect(info?.restarts).toEqual({ consecutive: 1, total: 1 })
    expect(info?.nextRestartAt).not.toBeNull()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await deps.store.getPlugin(WS, weather.id)).toMatchObject({ status: 'ready', health: 'healthy' })

    await vi.runAllTimersAsync()
    const failed = await deps.store.getPlugin(WS, weather.id)
    expect(failed).toMatchObject({ status: 'error', health: 'failed' })
    expect(failed?.lastError).toMatch(/^crashed 4 times in a row/)
    expect((await deps.store.listEvents(WS, weather.id, 1, 10)).items[0]).toMatchObject({
      from: 'ready',
      to: 'error',
      actor: 'supervisor',
    })
    expect(kinds.filter((kind) => kind === 'crash')).toHaveLength(4)
    expect(kinds.filter((kind) => kind === 'restart-scheduled')).toHaveLength(3)
    expect(kinds).toContain('failed')
    expect((await deps.store.findPluginByRef(WS, 'acme/hello-world'))?.status).toBe('ready')
  })
})
