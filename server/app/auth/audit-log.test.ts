import { afterEach, expect, test, vi } from 'vitest'
import type { AuditEntry } from '#core/api/audit-schemas.ts'
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

test('refused calls are not audited as done', async () => {
  const t = setupTestApp()
  await t.post('/plugins/nope/enable')
  expect((await t.json(t.get('/audit'))).total).toBe(0)
})
