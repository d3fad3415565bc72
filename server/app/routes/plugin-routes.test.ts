import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { STEP, setupTestApp, TEST_ACTOR, type TestApp, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

async function installAll(t: TestApp): Promise<Record<string, Plugin>> {
  const installed: Record<string, Plugin> = {}
  const versions = [
    ['acme/hello-world', '1.0.0'],
    ['acme/weather', '1.0.0'],
    ['acme/metrics', '1.1.0'],
    ['acme/broken-loader', '1.0.0'],
  ] as const
  for (const [ref, version] of versions) {
    const { plugin } = await t.install(ref, version)
    if (plugin) installed[ref] = plugin
  }
  return installed
}

const namesOf = (list: { items: Plugin[] }) => list.items.map((plugin) => plugin.name)

describe('GET /plugins', () => {
  test('searches, filters, sorts and paginates on the server', async () => {
    const t = setupTestApp()
    await installAll(t)
    expect(namesOf(await t.json(t.get('/plugins')))).toEqual([
      'Broken Loader',
      'Hello World',
      'Metrics',
      'Weather',
    ])
    expect(namesOf(await t.json(t.get('/plugins?sort=-name')))).toEqual([
      'Weather',
      'Metrics',
      'Hello World',
      'Broken Loader',
    ])
    expect(namesOf(await t.json(t.get('/plugins?q=FORECAST')))).toEqual(['Weather'])
    expect(namesOf(await t.json(t.get('/plugins?q=acme/met')))).toEqual(['Metrics'])
    expect(namesOf(await t.json(t.get('/plugins?status=error')))).toEqual(['Broken Loader'])
    expect(namesOf(await t.json(t.get('/plugins?category=observability')))).toEqual(['Metrics'])
    const page = await t.json(t.get('/plugins?page=2&pageSize=3'))
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 })
    expect(namesOf(page)).toEqual(['Weather'])
  })

  test('uninstalled plugins are listed only when status=uninstalled is asked for', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    await t.del(`/plugins/${plugin?.id}`)
    await t.settle()
    expect((await t.json(t.get('/plugins'))).total).toBe(0)
    expect(namesOf(await t.json(t.get('/plugins?status=uninstalled')))).toEqual(['Weather'])
  })

  test('a bad query answers 400 listing every problem', async () => {
    const t = setupTestApp()
    const response = await t.get('/plugins?status=sleeping&pageSize=9999')
    expect(response.status).toBe(400)
    const { error } = await response.json()
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details).toHaveLength(2)
    expect(error.details[0]).toMatch(/^pageSize: /)
    expect(error.details[1]).toMatch(/^status: /)
  })
})

describe('GET /plugins/:id', () => {
  test('answers the plugin with its runtime diagnostics, null when no worker runs', async () => {
    const t = setupTestApp()
    const installed = await installAll(t)
    const ready = await t.json(t.get(`/plugins/${installed['acme/hello-world']?.id}`))
    expect(ready).toMatchObject({
      status: 'ready',
      runtime: { pid: expect.any(Number), restarts: { consecutive: 0 } },
    })
    const broken = await t.json(t.get(`/plugins/${installed['acme/broken-loader']?.id}`))
    expect(broken).toMatchObject({ status: 'error', runtime: null })
  })

  test.each([
    ['GET', '/plugins/nope'],
    ['GET', '/plugins/nope/events'],
    ['POST', '/plugins/nope/enable'],
    ['POST', '/plugins/nope/upgrade/approve'],
    ['DELETE', '/plugins/nope'],
  ])('%s %s of an unknown plugin answers 404', async (method, path) => {
    const t = setupTestApp()
    const response = await t.app.request(`${t.base}${path}`, { method })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'unknown plugin nope' } })
  })

  test('a plugin of another workspace is not found', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    const response = await t.app.request(`/api/workspaces/elsewhere/plugins/${plugin?.id}`)
    expect(response.status).toBe(404)
  })
})

describe('enable, disable, restart', () => {
  test('disable stops the worker; enable starts it again; each answers 202 with a task', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const disable = await t.post(`/plugins/${plugin?.id}/disable`)
    expect(disable.status).toBe(202)
    expect((await disable.json()).task).toMatchObject({ kind: 'disable', status: 'pending' })
    await t.settle()
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({ status: 'disabled', runtime: null })
    const enable = await t.post(`/plugins/${plugin?.id}/enable`)
    expect(enable.status).toBe(202)
    await t.settle()
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'ready',
      runtime: { pid: expect.any(Number) },
    })
  })

  test('restart goes ready → ready with a new worker and an event', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const before = t.deps.runtime.info(WS, plugin?.id ?? '')
    await t.post(`/plugins/${plugin?.id}/restart`)
    await t.settle()
    const after = t.deps.runtime.info(WS, plugin?.id ?? '')
    expect(after?.pid).not.toBe(before?.pid)
    const events = await t.json(t.get(`/plugins/${plugin?.id}/events?pageSize=1`))
    expect(events).toMatchObject({ total: 3, items: [{ from: 'ready', to: 'ready', reason: 'restarted' }] })
  })

  test.each([
    ['disable', 'disabled', 'cannot disable: plugin is "disabled"', 'disabled'],
    ['restart', 'disabled', 'cannot restart: plugin is "disabled"', 'ready'],
    ['enable', 'ready', 'cannot enable: plugin is "ready"', 'ready'],
    ['upgrade/approve', 'ready', 'cannot approve: plugin is "ready"', 'ready'],
  ])(
    '%s of a %s plugin answers 409 INVALID_TRANSITION naming both states',
    async (action, status, message, to) => {
      const t = setupTestApp()
      const { plugin } = await t.install('acme/hello-world', '1.0.0')
      if (status === 'disabled') {
        await t.post(`/plugins/${plugin?.id}/disable`)
        await t.settle()
      }
      const response = await t.post(`/plugins/${plugin?.id}/${action}`)
      expect(response.status).toBe(409)
      expect(await response.json()).toEqual({
        error: { code: 'INVALID_TRANSITION', message, details: { from: status, to } },
      })
      expect((await t.json(t.get('/tasks?status=active'))).total).toBe(0)
    },
  )

  test('a second action while one is active answers 409 TASK_ALREADY_ACTIVE with that task', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/restart`))
    const response = await t.post(`/plugins/${plugin?.id}/disable`)
    expect(response.status).toBe(409)
    expect((await response.json()).error).toMatchObject({
      code: 'TASK_ALREADY_ACTIVE',
      details: { taskId: task.id },
    })
  })

  test('enabling a plugin that still fails to load keeps it in error with the new text', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/broken-loader', '1.0.0')
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/enable`))
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'LOAD_FAILED' } }],
    })
    expect(await t.plugin('acme/broken-loader')).toMatchObject({
      status: 'error',
      lastError: expect.stringContaining('\n'),
    })
  })

  test('a restart whose start fails leaves the plugin in error with lastError', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    t.deps.runtime.setScript('acme/hello-world', {
      failAt: 'start',
      message: 'port in use',
      detail: 'port in use\nEADDRINUSE',
    })
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/restart`))
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'failed',
      items: [{ step: 'start', error: { message: 'port in use' } }],
    })
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'error',
      lastError: 'port in use\nEADDRINUSE',
      runtime: null,
    })
  })

  test('a cancelled restart leaves the worker running, as before', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/restart`))
    await t.advance(STEP * 1.5)
    await t.post(`/tasks/${task.id}/cancel`)
    await t.settle()
    expect((await t.task(task.id)).status).toBe('cancelled')
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'ready',
      runtime: { pid: expect.any(Number) },
    })
  })
})

describe('GET /plugins/:id/events', () => {
  test('lists the timeline newest first, paginated', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    await t.post(`/plugins/${plugin?.id}/disable`)
    await t.settle()
    await t.post(`/plugins/${plugin?.id}/enable`)
    await t.settle()
    const first = await t.json(t.get(`/plugins/${plugin?.id}/events?page=1&pageSize=2`))
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 2 })
    expect(first.items.map((event: { to: string }) => event.to)).toEqual(['ready', 'disabled'])
    const second = await t.json(t.get(`/plugins/${plugin?.id}/events?page=2&pageSize=2`))
    expect(second.items.map((event: { to: string }) => event.to)).toEqual(['ready', 'installed'])
    expect(second.items[1]).toMatchObject({ from: null, actor: TEST_ACTOR })
  })
})

describe('GET /plugins/:id/health and /logs', () => {
  test('the health history grows every 30 s while the worker runs; the log tail tells what happened', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    expect(await t.json(t.get(`/plugins/${plugin?.id}/health`))).toEqual({ items: [] })
    await t.advance(95_000)
    const { items } = await t.json(t.get(`/plugins/${plugin?.id}/health`))
    expect(items).toHaveLength(3)
    expect(items[0]).toMatchObject({ status: 'healthy', message: null, durationMs: expect.any(Number) })
    const { text } = await t.json(t.get(`/plugins/${plugin?.id}/logs`))
    expect(text).toMatch(/worker pid \d+ started 1\.0\.0; modules loaded: greeter, hello-tool/)
  })

  test('a plugin that failed to load has its failure in the log and no health history', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/broken-loader', '1.0.0')
    expect(await t.json(t.get(`/plugins/${plugin?.id}/health`))).toEqual({ items: [] })
    expect((await t.json(t.get(`/plugins/${plugin?.id}/logs`))).text).toContain(
      'did not start: Module "main" failed to load',
    )
  })
})
