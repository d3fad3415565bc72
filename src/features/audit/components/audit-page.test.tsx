import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { AuditEntry } from '#core/api/audit-schemas.ts'
import { appRoutes } from '#src/app/routes.tsx'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { auditOutcome } from './audit-table.tsx'

let api: MockApi
let searches: URLSearchParams[]

beforeEach(async () => {
  api = await startMockApi({ scenario: 'demo' })
  searches = []
  api.server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    if (request.method === 'GET' && url.pathname === '/api/workspaces/default/audit')
      searches.push(url.searchParams)
  })
})
afterEach(() => {
  api.server.close()
})

test('filters are sent as query parameters', async () => {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/audit' })
  const user = userEvent.setup()
  await screen.findByRole('heading', { name: 'Audit log' })
  await user.selectOptions(await screen.findByLabelText('Action'), 'plugin.install')
  await user.type(screen.getByLabelText('Actor'), 'admin@plugboard.dev')
  await user.type(screen.getByLabelText('From'), '2026-11-01')
  await user.type(screen.getByLabelText('To'), '2026-11-30')
  await waitFor(() => {
    const last = searches.at(-1)
    expect(last?.get('action')).toBe('plugin.install')
    expect(last?.get('actor')).toBe('admin@plugboard.dev')
    expect(last?.get('from')).toBe(new Date(2026, 10, 1).toISOString())
    expect(last?.get('to')).toBe(new Date(2026, 10, 30, 23, 59, 59, 999).toISOString())
    expect(last?.get('page')).toBe('1')
  })
})

test('entries show who did what, and the pages turn', async () => {
  const entry = (index: number) => ({
    id: `a${index}`,
    workspaceId: 'default',
    at: '2026-11-22T00:00:00.000Z',
    actorId: 'usr_1',
    actorEmail: 'admin@plugboard.dev',
    action: 'plugin.install',
    target: `plugin-${index}`,
    outcome: index === 0 ? 'failure' : 'success',
    ip: '203.0.113.9',
    details: {},
  })
  api.server.use(
    http.get('*/api/workspaces/default/audit', ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? 1)
      return HttpResponse.json({ items: [entry(page - 1)], total: 120, page, pageSize: 50 })
    }),
  )
  renderWithApp(null, { routes: appRoutes, route: '/w/default/audit' })
  const user = userEvent.setup()
  const table = await screen.findByRole('table', { name: 'Audit log' })
  expect(within(table).getByRole('cell', { name: 'plugin-0' })).toBeInTheDocument()
  expect(within(table).getByRole('cell', { name: '203.0.113.9' })).toBeInTheDocument()
  expect(within(table).getByText('failure')).toBeInTheDocument()
  expect(screen.getByText(/Page 1 of 3/)).toBeInTheDocument()
  await user.click(screen.getByRole('button', { name: 'Next page' }))
  expect(await screen.findByRole('cell', { name: 'plugin-1' })).toBeInTheDocument()
  expect(searches.at(-1)?.get('page')).toBe('2')
})

test('an empty log says so', async () => {
  api.server.use(
    http.get(
      '*/api/workspaces/default/audit',
      () => HttpResponse.json({ items: [], total: 0, page: 1, pageSize: 50 }),
      { once: true },
    ),
  )
  renderWithApp(null, { routes: appRoutes, route: '/w/default/audit' })
  expect(await screen.findByText('The audit log is empty')).toBeInTheDocument()
})

test('a failing audit log shows the error with a retry', async () => {
  api.server.use(
    http.get('*/api/workspaces/default/audit', () =>
      HttpResponse.json({ error: { code: 'INTERNAL', message: 'Audit store offline' } }, { status: 500 }),
    ),
  )
  renderWithApp(null, { routes: appRoutes, route: '/w/default/audit' })
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('Audit store offline')
  expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument()
})

test.each([
  ['a request that needs no task', 'member.add', {}, 'success', 'success'],
  ['an install whose task still runs', 'plugin.install', { taskId: 't1' }, 'success', 'started'],
  [
    'an install whose task succeeded',
    'plugin.install',
    { taskId: 't1', taskStatus: 'success' },
    'success',
    'success',
  ],
  [
    'an install whose task failed',
    'plugin.install',
    { taskId: 't1', taskStatus: 'failed' },
    'failure',
    'failure',
  ],
  [
    'an install that was cancelled',
    'plugin.install',
    { taskId: 't1', taskStatus: 'cancelled' },
    'failure',
    'cancelled',
  ],
  ['a cancel, done when it answered', 'task.cancel', { taskId: 't1' }, 'success', 'success'],
  ['a failed sign-in', 'auth.login_failed', {}, 'failure', 'failure'],
] as const)('the outcome column: %s', (_name, action, details, outcome, label) => {
  const entry: AuditEntry = {
    id: 'a1',
    workspaceId: 'default',
    at: '2026-11-22T00:00:00.000Z',
    actorId: 'usr_1',
    actorEmail: 'admin@plugboard.dev',
    action,
    target: null,
    outcome,
    ip: null,
    details,
  }
  expect(auditOutcome(entry).label).toBe(label)
})
