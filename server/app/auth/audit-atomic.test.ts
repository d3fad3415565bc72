import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { setupTestApp, type TestApp, WS } from '#server/app/app.test-helpers.ts'
import { appState } from '#server/app/http/app-state.test-helpers.ts'

let t: TestApp
beforeEach(async () => {
  t = setupTestApp()
  expect((await t.get('/settings')).status).toBe(200)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

/** From now on every audit write fails, as a database refusing the row would. */
function failAuditWrites() {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(t.deps.accounts, 'appendAudit').mockRejectedValue(new Error('audit_log refused the row'))
}

const send = (method: string, path: string, body: unknown) =>
  t.app.request(path, {
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })

test('a settings change whose audit entry cannot be written is not kept either', async () => {
  const before = await appState(t.deps, WS)
  failAuditWrites()
  const answer = await send('PATCH', `${t.base}/settings`, { name: 'Renamed' })
  expect(answer.status).toBe(500)
  expect(await appState(t.deps, WS)).toEqual(before)
})

test('a workspace whose audit entry cannot be written is not created, so a retry makes no duplicate', async () => {
  const [owner] = await t.deps.accounts.listMembers(WS)
  const before = await t.deps.accounts.listUserWorkspaces(owner?.id ?? '')
  failAuditWrites()
  expect((await send('POST', '/api/workspaces', { name: 'Second' })).status).toBe(500)
  expect(await t.deps.accounts.listUserWorkspaces(owner?.id ?? '')).toEqual(before)
})

test('a settings change is audited once, in the same write', async () => {
  expect((await send('PATCH', `${t.base}/settings`, { name: 'Renamed' })).status).toBe(200)
  const audit = await t.deps.accounts.listAudit(WS, { page: 1, pageSize: 50 })
  expect(audit.items.filter((entry) => entry.action === 'settings.update')).toEqual([
    expect.objectContaining({ workspaceId: WS, details: { name: 'Renamed' }, outcome: 'success' }),
  ])
})
