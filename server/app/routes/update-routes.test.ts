import { afterEach, describe, expect, test, vi } from 'vitest'
import { createUpdateService } from '#server/app/services/update-service.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { AUTO_UPDATE_ACTOR, runAutoUpdateRound } from '#server/app/updates/auto-updater.ts'
import { setupTestApp, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

async function installed(t: ReturnType<typeof setupTestApp>, pluginId: string, version: string) {
  const { plugin } = await t.install(pluginId, version)
  if (!plugin) throw new Error(`${pluginId} did not install`)
  return plugin
}

describe('GET /updates', () => {
  test('lists installed plugins with a newer version: the jump, new capabilities and the changelog in between', async () => {
    const t = setupTestApp()
    const hello = await installed(t, 'acme/hello-world', '1.0.0')
    await installed(t, 'acme/metrics', '1.1.0')
    const list = await t.json(t.get('/updates'))
    expect(list.problems).toEqual([])
    expect(list.items).toEqual([
      expect.objectContaining({
        pluginId: hello.id,
        pluginRef: 'acme/hello-world',
        installedVersion: '1.0.0',
        version: '2.0.0',
        jump: 'major',
        addedCapabilities: ['messages:write'],
        pinned: false,
        policyVersion: null,
      }),
    ])
    expect(list.items[0].changelog).toMatch(/^## 2\.0\.0\n.*\n\n## 1\.1\.0\n/s)
    // The marketplace card shows what is installed.
    expect((await t.json(t.get('/marketplace/acme/metrics'))).installedVersion).toBe('1.1.0')
  })
})

describe('POST /updates', () => {
  test('one task, one item per plugin; the item whose new version fails to start rolls back alone', async () => {
    const t = setupTestApp({ script: { 'acme/weather@1.1.0': { failAt: 'start', code: 'LOAD_FAILED' } } })
    const metrics = await installed(t, 'acme/metrics', '1.0.0')
    const weather = await installed(t, 'acme/weather', '1.0.0')
    const response = await t.post('/updates', {
      items: [
        { pluginId: metrics.id, version: '1.1.0' },
        { pluginId: weather.id, version: '1.1.0' },
      ],
    })
    expect(response.status).toBe(202)
    const { task } = await response.json()
    expect(task).toMatchObject({ kind: 'upgrade', counts: { total: 2 } })
    await t.settle()
    const done = await t.task(task.id)
    expect(done.items.map((item) => [item.pluginRef, item.status])).toEqual([
      ['acme/metrics', 'success'],
      ['acme/weather', 'failed'],
    ])
    expect(await t.plugin('acme/metrics')).toMatchObject({ status: 'ready', version: '1.1.0' })
    expect(await t.plugin('acme/weather')).toMatchObject({ status: 'ready', version: '1.0.0' })
  })

  test('refuses an unknown plugin (404) or a version that is not newer (409), starting nothing', async () => {
    const t = setupTestApp()
    const metrics = await installed(t, 'acme/metrics', '1.1.0')
    expect((await t.post('/updates', { items: [{ pluginId: 'plg_nope', version: '1.0.0' }] })).status).toBe(
      404,
    )
    expect((await t.post('/updates', { items: [{ pluginId: metrics.id, version: '1.0.0' }] })).status).toBe(
      409,
    )
    expect((await t.json(t.get('/tasks?status=active'))).items).toHaveLength(0)
  })
})

describe('automatic updates', () => {
  test('run inside the window only, skip pinned plugins and new capabilities, and are recorded as the system', async () => {
    const t = setupTestApp()
    const hello = await installed(t, 'acme/hello-world', '1.0.0')
    const metrics = await installed(t, 'acme/metrics', '1.0.0')
    const weather = await installed(t, 'acme/weather', '1.0.0')
    const policy = { mode: 'minor', window: { start: '02:00', end: '04:00', timeZone: 'Europe/Berlin' } }
    expect((await t.send('PATCH', '/updates/policy', policy)).status).toBe(200)
    expect(await t.json(t.post(`/plugins/${metrics.id}/pin`))).toEqual({ pluginId: metrics.id, pinned: true })
    const updates = createUpdateService(t.deps, taskRunnerFor(t.deps))

    // 12:00 UTC = 13:00 in Berlin: outside the window.
    expect(await runAutoUpdateRound(t.deps, updates)).toEqual([])

    vi.setSystemTime(new Date('2026-03-02T01:30:00.000Z'))
    const [task] = await runAutoUpdateRound(t.deps, updates)
    expect(task?.actor).toBe(AUTO_UPDATE_ACTOR)
    // hello-world takes 1.1.0 (2.0.0 is major and asks for a capability), metrics is pinned.
    expect(task?.items.map((item) => [item.pluginId, item.version])).toEqual([
      [hello.id, '1.1.0'],
      [weather.id, '1.1.0'],
    ])
    await t.settle()
    expect(await t.plugin('acme/hello-world')).toMatchObject({ version: '1.1.0', status: 'ready' })
    expect(await t.plugin('acme/metrics')).toMatchObject({ version: '1.0.0' })
    const audit = await t.deps.accounts.listAudit(WS, { page: 1, pageSize: 50, action: 'plugin.auto_update' })
    expect(audit.items).toHaveLength(1)

    // Nothing left that the policy may take by itself.
    expect(await runAutoUpdateRound(t.deps, updates)).toEqual([])
  })

  test('manual never updates by itself', async () => {
    const t = setupTestApp()
    await installed(t, 'acme/metrics', '1.0.0')
    expect((await t.json(t.get('/updates/policy'))).mode).toBe('manual')
    const updates = createUpdateService(t.deps, taskRunnerFor(t.deps))
    expect(await runAutoUpdateRound(t.deps, updates)).toEqual([])
  })
})
