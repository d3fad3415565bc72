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
})
