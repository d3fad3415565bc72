import { afterEach, expect, test, vi } from 'vitest'
import type { AuditEntry } from '#core/api/audit-schemas.ts'
import { createUpdateService } from '#server/app/services/update-service.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { runAutoUpdateRound } from '#server/app/updates/auto-updater.ts'
import { setupTestApp, TEST_ACTOR, WS } from '../app.test-helpers.ts'
import { createApp } from '../create-app.ts'

afterEach(() => {
  vi.useRealTimers()
})

const item = (pluginId: string, version: string) => ({ source: 'marketplace', pluginId, version })

test('every audited action writes who, what, when and on what; the log filters and paginates', async () => {
  const t = setupTestApp()
  const send = (method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    })
  const { plugin } = await t.install('acme/hello-world', '1.0.0')
  const id = plugin?.id ?? ''
  for (const action of ['disable', 'enable', 'restart']) {
    await t.post(`/plugins/${id}/${action}`)
    await t.settle()
  }
  await t.post(`/plugins/${id}/upgrade`, { version: '2.0.0' })
  await t.settle()
  await t.post(`/plugins/${id}/upgrade/approve`)
  await t.settle()
  const { task } = await t.json(t.post('/installs', { items: [item('acme/weather', '1.0.0')] }))
  await t.post(`/tasks/${task.id}/cancel`)
  await t.settle()
  await t.del(`/tasks/${task.id}`)
  await t.del(`/plugins/${id}?purge=true`)
  await t.settle()
  await t.post('/tasks/clear')
  const { member } = await t.json(
    send('POST', `${t.base}/members`, { email: 'new@plugboard.test', role: 'member' }),
  )
  await send('PATCH', `${t.base}/members/${member.id}`, { role: 'admin' })
  await send('DELETE', `${t.base}/members/${member.id}`)
  await send('PATCH', `${t.base}/settings`, { installPolicy: 'everyone' })
  // Signing in from another browser (a sign-in here would rotate the test's own session away).
  const browser = createApp(t.deps)
  for (const password of ['wrong password', 'plugboard-demo']) {
    await browser.request('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: TEST_ACTOR, password }),
      headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
    })
  }

  const log = await t.json(t.get('/audit?pageSize=100'))
  const actions = (log.items as AuditEntry[]).map((entry) => entry.action).reverse()
  expect(actions).toEqual([
    'plugin.install',
    'plugin.disable',
    'plugin.enable',
    'plugin.restart',
    'plugin.upgrade',
    'plugin.approve',
    'plugin.install',
    'task.cancel',
    'task.clear',
    'plugin.uninstall',
    'task.clear_all',
    'member.add',
    'member.role',
    'member.remove',
    'settings.update',
    'auth.login_failed',
    'auth.login',
  ])
  const entries = log.items as AuditEntry[]
  const byAction = (action: string) => entries.find((entry) => entry.action === action)
  expect(byAction('plugin.disable')).toMatchObject({
    workspaceId: WS,
    actorEmail: TEST_ACTOR,
    target: id,
    outcome: 'success',
    at: expect.any(String),
    details: { taskId: expect.any(String) },
  })
  expect(byAction('plugin.upgrade')?.details).toMatchObject({ version: '2.0.0' })
  expect(byAction('plugin.uninstall')?.details).toMatchObject({ purge: 'true' })
  // A member is named by email, their id kept in the details; an install names what it installs.
  expect(byAction('member.add')).toMatchObject({
    target: 'new@plugboard.test',
    details: { email: 'new@plugboard.test', userId: member.id },
  })
  expect(byAction('member.role')).toMatchObject({
    target: 'new@plugboard.test',
    details: { role: 'admin', userId: member.id },
  })
  expect(byAction('member.remove')).toMatchObject({ target: 'new@plugboard.test' })
  expect(entries.filter((entry) => entry.action === 'plugin.install').map((entry) => entry.target)).toEqual([
    'acme/weather',
    'acme/hello-world',
  ])
  expect(byAction('settings.update')?.details).toEqual({ installPolicy: 'everyone' })
  expect(byAction('auth.login_failed')).toMatchObject({ workspaceId: null, outcome: 'failure' })
  expect(JSON.stringify(log)).not.toContain('wrong password')

  const filtered = await t.json(t.get('/audit?action=plugin.install&pageSize=1&page=2'))
  expect(filtered).toMatchObject({ total: 2, page: 2, pageSize: 1 })
  expect(filtered.items[0].details.items).toEqual([item('acme/hello-world', '1.0.0')])
  expect((await t.json(t.get(`/audit?actor=${TEST_ACTOR}`))).total).toBe(entries.length)
  expect((await t.json(t.get('/audit?from=2100-01-01T00:00:00Z'))).total).toBe(0)
  expect((await t.get('/audit?action=nothing')).status).toBe(400)
})

test('an install whose task fails or is cancelled is not left in the log as a success', async () => {
  const t = setupTestApp()
  const { plugin } = await t.install('acme/broken-loader', '1.0.0')
  expect(plugin?.status).toBe('error')
  const { task } = await t.json(t.post('/installs', { items: [item('acme/weather', '1.0.0')] }))
  await t.post(`/tasks/${task.id}/cancel`)
  await t.settle()
  const { items } = await t.json(t.get('/audit?pageSize=100'))
  const outcomes = (items as AuditEntry[])
    .map((entry) => [entry.action, entry.target, entry.outcome, entry.details.taskStatus])
    .reverse()
  expect(outcomes).toEqual([
    ['plugin.install', 'acme/broken-loader', 'failure', 'failed'],
    ['plugin.install', 'acme/weather', 'failure', 'cancelled'],
    ['task.cancel', task.id, 'success', undefined],
  ])
})

test('every entry naming the task its call started settles when that task ends, however it was started', async () => {
  const t = setupTestApp({ script: { 'acme/weather@1.1.0': { failAt: 'start', code: 'LOAD_FAILED' } } })
  const hello = (await t.install('acme/hello-world', '1.0.0')).plugin?.id ?? ''
  const weather = (await t.install('acme/weather', '1.0.0')).plugin?.id ?? ''
  await t.install('acme/metrics', '1.0.0')
  await t.send('PUT', `/plugins/${hello}/config`, {
    modules: { greeter: { greeting: 'Howdy', locale: 'en' } },
  })
  await t.settle()
  await t.post(`/plugins/${hello}/config/restore`, { version: 1 })
  await t.settle()
  await t.post('/updates', { items: [{ pluginId: weather, version: '1.1.0' }] })
  await t.settle()
  const window = { start: '00:00', end: '23:59', timeZone: 'UTC' }
  expect((await t.send('PATCH', '/updates/policy', { mode: 'minor', window })).status).toBe(200)
  const [auto] = await runAutoUpdateRound(t.deps, createUpdateService(t.deps, taskRunnerFor(t.deps)))
  expect(auto).toBeDefined()
  await t.settle()

  const entries = (await t.json(t.get('/audit?pageSize=100'))).items as AuditEntry[]
  const started = entries.filter(
    (entry) =>
      typeof entry.details.taskId === 'string' && !['task.cancel', 'task.clear'].includes(entry.action),
  )
  expect(new Set(started.map((entry) => entry.action))).toEqual(
    new Set(['plugin.install', 'plugin.configure', 'plugin.update_several', 'plugin.auto_update']),
  )
  // An entry without the status of its task would read as a success forever.
  expect(started.filter((entry) => entry.details.taskStatus === undefined)).toEqual([])
  const outcome = (action: string) =>
    entries
      .filter((entry) => entry.action === action)
      .map((entry) => [entry.outcome, entry.details.taskStatus])
  expect(outcome('plugin.update_several')).toEqual([['failure', 'failed']])
  expect(outcome('plugin.configure')).toEqual([
    ['success', 'success'],
    ['success', 'success'],
  ])
  expect(outcome('plugin.auto_update')).toEqual([['failure', 'failed']])
})

test('refused calls are not audited as done', async () => {
  const t = setupTestApp()
  await t.post('/plugins/nope/enable')
  expect((await t.json(t.get('/audit'))).total).toBe(0)
})
