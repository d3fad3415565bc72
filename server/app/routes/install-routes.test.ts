import { afterEach, describe, expect, test, vi } from 'vitest'
import { STEP, setupTestApp, TEST_ACTOR } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

const item = (pluginId: string, version: string) => ({ source: 'marketplace', pluginId, version })

describe('POST /installs', () => {
  test('answers 202 with a pending task, which ends with the plugin ready and its modules running', async () => {
    const t = setupTestApp()
    const response = await t.post('/installs', { items: [item('acme/hello-world', '1.0.0')] })
    expect(response.status).toBe(202)
    const { task } = await response.json()
    expect(task).toMatchObject({
      kind: 'install',
      status: 'pending',
      actor: TEST_ACTOR,
      items: [{ status: 'pending' }],
    })
    expect(await t.plugin('acme/hello-world')).toMatchObject({ status: 'installed', activeTaskId: task.id })

    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'success',
      counts: { succeeded: 1, failed: 0, cancelled: 0, total: 1 },
      items: [{ status: 'success', progress: 100, error: null }],
    })
    const plugin = await t.plugin('acme/hello-world')
    expect(plugin).toMatchObject({ status: 'ready', health: 'healthy', version: '1.0.0', activeTaskId: null })
    expect(plugin?.modules.map((module) => [module.id, module.status])).toEqual([
      ['greeter', 'running'],
      ['hello-tool', 'running'],
    ])
    const events = await t.json(t.get(`/plugins/${plugin?.id}/events`))
    expect(events.items.map((event: { from: string | null; to: string }) => [event.from, event.to])).toEqual([
      ['installed', 'ready'],
      [null, 'installed'],
    ])
  })

  test('every step and its progress are persisted while the item runs', async () => {
    const t = setupTestApp()
    const { task } = await t.json(t.post('/installs', { items: [item('acme/hello-world', '1.0.0')] }))
    const seen: [string | null, number][] = []
    for (let elapsed = 0; elapsed < 5 * STEP; elapsed += STEP / 2) {
      await t.advance(STEP / 2)
      const { items } = await t.task(task.id)
      seen.push([items[0]?.step ?? null, items[0]?.progress ?? -1])
    }
    const steps = [...new Set(seen.map(([step]) => step))]
    expect(steps).toEqual(['download', 'verify', 'extract', 'start', 'load'])
    const progress = seen.map(([, value]) => value)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(100)
  })

  test('a double-clicked install creates exactly one task', async () => {
    const t = setupTestApp()
    const body = { items: [item('acme/hello-world', '1.0.0')] }
    const responses = await Promise.all([t.post('/installs', body), t.post('/installs', body)])
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409])
    const [winner, loser] = responses[0]?.status === 202 ? responses : [...responses].reverse()
    const { task } = await t.json(winner as Response)
    expect(await t.json(loser as Response)).toEqual({
      error: { code: 'TASK_ALREADY_ACTIVE', message: expect.any(String), details: { taskId: task.id } },
    })
    expect((await t.json(t.get('/tasks'))).total).toBe(1)
  })

  test('a module that fails to load: task failed, plugin in error with the full text', async () => {
    const t = setupTestApp()
    const { task, plugin } = await t.install('acme/broken-loader', '1.0.0')
    expect(task).toMatchObject({ status: 'failed', counts: { succeeded: 0, failed: 1, total: 1 } })
    const error = task.items[0]?.error
    expect(error?.code).toBe('LOAD_FAILED')
    expect(error?.message).toMatch(/^Module "main" failed to load/)
    expect(error?.message).not.toContain('\n')
    expect(error?.detail?.split('\n').length).toBeGreaterThan(2)
    expect(plugin).toMatchObject({ status: 'error', lastError: error?.detail, activeTaskId: null })
    expect(t.deps.runtime.info('ws-test', plugin?.id ?? '')).toBeNull()
  })

  test('the starter bundle: one task, Metrics ready, Legacy Bridge fails at verify and leaves nothing', async () => {
    const t = setupTestApp()
    const response = await t.post('/installs', {
      items: [item('acme/metrics', '1.1.0'), item('acme/legacy-bridge', '0.9.0')],
    })
    const { task } = await response.json()
    expect(task.items).toHaveLength(2)
    await t.settle()
    const done = await t.task(task.id)
    expect(done).toMatchObject({
      status: 'failed',
      counts: { succeeded: 1, failed: 1, cancelled: 0, total: 2 },
    })
    expect(done.items[1]).toMatchObject({
      status: 'failed',
      step: 'verify',
      error: { code: 'STEP_FAILED', message: 'Package signature does not match the catalog checksum' },
    })
    expect(await t.plugin('acme/metrics')).toMatchObject({ status: 'ready' })
    expect(await t.plugin('acme/legacy-bridge')).toBeNull()
  })

  test('a plugin that is installed cannot be installed again', async () => {
    const t = setupTestApp()
    await t.install('acme/hello-world', '1.0.0')
    const response = await t.post('/installs', { items: [item('acme/hello-world', '1.1.0')] })
    expect(response.status).toBe(409)
    expect(await response.json()).toEqual({
      error: {
        code: 'INVALID_TRANSITION',
        message: 'cannot install: plugin is "ready"',
        details: { from: 'ready', to: 'installed' },
      },
    })
  })

  test('a reinstall of an uninstalled plugin reuses its id with the new version', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    await t.del(`/plugins/${plugin?.id}`)
    await t.settle()
    const { task, plugin: again } = await t.install('acme/hello-world', '1.1.0')
    expect(task.items[0]).toMatchObject({
      pluginId: plugin?.id,
      status: 'success',
      params: { reinstall: true },
    })
    expect(again).toMatchObject({ id: plugin?.id, status: 'ready', version: '1.1.0' })
  })

  test('a reinstall that fails before the start goes back to uninstalled', async () => {
    const t = setupTestApp({
      script: { 'acme/hello-world@1.1.0': { failAt: 'download', message: 'connection reset' } },
    })
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    await t.del(`/plugins/${plugin?.id}`)
    await t.settle()
    const { task, plugin: after } = await t.install('acme/hello-world', '1.1.0')
    expect(task).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'STEP_FAILED', message: 'connection reset' } }],
    })
    expect(after).toMatchObject({ id: plugin?.id, status: 'uninstalled', activeTaskId: null })
  })

  test.each([
    [{ items: [item('acme/nope', '1.0.0')] }, 'unknown plugin acme/nope'],
    [
      { items: [item('acme/hello-world', '9.9.9')] },
      'version 9.9.9 of acme/hello-world is not in the catalog',
    ],
    [{ items: [{ source: 'package', packageId: 'pkg-1' }] }, 'unknown package pkg-1'],
  ])('%j answers 404 naming what is missing, and creates nothing', async (body, message) => {
    const t = setupTestApp()
    const response = await t.post('/installs', body)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message } })
    expect((await t.json(t.get('/tasks'))).total).toBe(0)
  })

  test('a body that does not match the schema answers 400 listing every problem', async () => {
    const t = setupTestApp()
    const response = await t.post('/installs', {
      items: [{ source: 'marketplace', pluginId: 'Bad Id', version: 'one' }],
    })
    expect(response.status).toBe(400)
    const { error } = await response.json()
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details).toEqual([
      'items.0.pluginId: must look like org/name (lowercase)',
      'items.0.version: must be a semantic version like 1.2.3',
    ])
    const duplicate = await t.post('/installs', {
      items: [item('acme/metrics', '1.0.0'), item('acme/metrics', '1.1.0')],
    })
    expect((await duplicate.json()).error.details).toEqual(['items: each plugin may appear only once'])
  })

  test('malformed JSON answers 400 VALIDATION_FAILED', async () => {
    const t = setupTestApp()
    const response = await t.post('/installs', '{"items": [')
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'the request body is not valid JSON',
    })
  })
})

describe('cancelling an install', () => {
  test('during download: the item ends cancelled and the fresh row is gone', async () => {
    const t = setupTestApp()
    const { task } = await t.json(t.post('/installs', { items: [item('acme/hello-world', '1.0.0')] }))
    await t.advance(STEP / 2)
    const response = await t.post(`/tasks/${task.id}/cancel`)
    expect(response.status).toBe(200)
    expect((await response.json()).task).toMatchObject({ id: task.id, cancelRequested: true })
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'cancelled',
      counts: { cancelled: 1 },
      items: [{ status: 'cancelled', error: { code: 'CANCELLED' } }],
    })
    expect(await t.plugin('acme/hello-world')).toBeNull()
  })

  test('during load: the worker is stopped, the files removed and the row deleted', async () => {
    const t = setupTestApp()
    const { task } = await t.json(t.post('/installs', { items: [item('acme/hello-world', '1.0.0')] }))
    await t.advance(STEP * 4.5)
    expect((await t.task(task.id)).items[0]?.step).toBe('load')
    await t.post(`/tasks/${task.id}/cancel`)
    await t.settle()
    expect((await t.task(task.id)).status).toBe('cancelled')
    expect(await t.plugin('acme/hello-world')).toBeNull()
    // The same plugin installs cleanly again: nothing was left behind.
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    expect(plugin?.status).toBe('ready')
  })

  test('a cancel the load did not notice still wins: the item ends cancelled and nothing stays', async () => {
    const t = setupTestApp()
    const start = t.deps.runtime.start.bind(t.deps.runtime)
    // A worker whose load cannot be interrupted: it finishes loading whatever the signal says.
    vi.spyOn(t.deps.runtime, 'start').mockImplementation((ctx) =>
      start({ ...ctx, signal: new AbortController().signal }),
    )
    const { task } = await t.json(t.post('/installs', { items: [item('acme/hello-world', '1.0.0')] }))
    await t.advance(STEP * 4.5)
    expect((await t.task(task.id)).items[0]?.step).toBe('load')
    expect((await t.post(`/tasks/${task.id}/cancel`)).status).toBe(200)
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'cancelled',
      items: [{ status: 'cancelled', error: { code: 'CANCELLED' } }],
    })
    expect(await t.plugin('acme/hello-world')).toBeNull()
  })

  test('pending items of a cancelled task end cancelled without running', async () => {
    const t = setupTestApp({ concurrency: 1 })
    const body = { items: [item('acme/metrics', '1.1.0'), item('acme/weather', '1.0.0')] }
    const { task } = await t.json(t.post('/installs', body))
    await t.advance(STEP)
    const { task: cancelled } = await t.json(t.post(`/tasks/${task.id}/cancel`))
    expect(cancelled.items[1]).toMatchObject({ status: 'cancelled', startedAt: null })
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ status: 'cancelled', counts: { cancelled: 2, total: 2 } })
    expect(await t.plugin('acme/metrics')).toBeNull()
    expect(await t.plugin('acme/weather')).toBeNull()
  })
})
