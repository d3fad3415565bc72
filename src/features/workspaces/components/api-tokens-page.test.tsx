import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, test } from 'vitest'
import type { ScenarioName } from '#mocks/scenarios.ts'
import { appRoutes } from '#src/app/routes.tsx'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'

let api: MockApi
let writes: { method: string; path: string; body: unknown }[]

async function start(scenario: ScenarioName) {
  api = await startMockApi({ scenario })
  writes = []
  api.server.events.on('request:start', async ({ request }) => {
    const path = new URL(request.url).pathname
    if (request.method !== 'GET' && path.includes('/tokens')) {
      const text = await request.clone().text()
      writes.push({ method: request.method, path, body: text ? JSON.parse(text) : null })
    }
  })
}
afterEach(() => {
  api.server.close()
})

/** A token of a demo user, made straight in the store (as another session would have). */
async function seedToken(name: string, email = 'member@plugboard.dev') {
  const member = await api.deps.accounts.findUserByEmail(email)
  await api.deps.accounts.createApiToken({
    id: `tok_${name}`,
    workspaceId: 'default',
    userId: member?.id ?? '',
    name,
    prefix: 'pbt_AbCdEfGh',
    hash: `not-a-real-hash-${name}`,
    role: 'member',
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-02-01T00:00:00.000Z',
    lastUsedAt: null,
  })
}

const openPage = () => renderWithApp(null, { routes: appRoutes, route: '/w/default/tokens' })

describe('the API tokens page', () => {
  test('a new token shows its secret once, with a copy button; the list then shows only its prefix', async () => {
    await start('owner')
    const user = userEvent.setup()
    openPage()
    expect(await screen.findByRole('heading', { name: 'API tokens' })).toBeInTheDocument()
    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Create token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create an API token' })
    const roles = within(dialog).getByLabelText('Role')
    expect(
      within(roles)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['member', 'admin', 'owner'])
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }))
    expect(await within(dialog).findByText('Give the token a name')).toBeInTheDocument()
    expect(writes).toEqual([])

    await user.type(within(dialog).getByLabelText('Name'), 'deploy script')
    await user.selectOptions(roles, 'admin')
    await user.selectOptions(within(dialog).getByLabelText('Expires'), '30')
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }))

    const notice = await screen.findByRole('status', { name: 'New token secret' })
    expect(notice).toHaveTextContent('you won’t see it again')
    const secret = within(notice).getByText(/^pbt_/).textContent ?? ''
    expect(secret).toMatch(/^pbt_\S{40,}$/)
    expect(within(notice).getByRole('button', { name: 'Copy secret' })).toBeInTheDocument()
    expect(writes).toEqual([
      {
        method: 'POST',
        path: '/api/workspaces/default/tokens',
        body: { name: 'deploy script', role: 'admin', expiresInDays: 30 },
      },
    ])

    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'API tokens' })
    const row = within(table).getByRole('row', { name: /deploy script/ })
    expect(row).toHaveTextContent(`${secret.slice(0, 12)}…`)
    expect(row).toHaveTextContent('owner@plugboard.dev')
    expect(screen.queryByText(secret)).not.toBeInTheDocument()
  })

  test('a member may give a token no more than their own role, and sees only their own tokens', async () => {
    await start('member')
    await seedToken('owners-ci', 'owner@plugboard.dev')
    const user = userEvent.setup()
    openPage()
    await screen.findByText('No API tokens yet')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create an API token' })
    expect(
      within(within(dialog).getByLabelText('Role'))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['member'])
  })

  test('revoking asks first, then removes the token', async () => {
    await start('member')
    await seedToken('laptop')
    const user = userEvent.setup()
    openPage()
    const row = await screen.findByRole('row', { name: /laptop/ })
    expect(row).toHaveTextContent('pbt_AbCdEfGh…')
    expect(within(row).getByText('Expired')).toBeInTheDocument()

    await user.click(within(row).getByRole('button', { name: 'Revoke laptop' }))
    const dialog = await screen.findByRole('dialog', { name: 'Revoke “laptop”?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(writes).toEqual([])
    expect(screen.getByRole('row', { name: /laptop/ })).toBeInTheDocument()

    await user.click(
      within(screen.getByRole('row', { name: /laptop/ })).getByRole('button', { name: /Revoke/ }),
    )
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke token' }))
    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument()
    expect(writes).toEqual([
      { method: 'DELETE', path: '/api/workspaces/default/tokens/tok_laptop', body: null },
    ])
  })

  test('loading, then a failed list shows the error with a retry', async () => {
    await start('member')
    // The list answers only once the loading state has been seen.
    let answer = () => {}
    const answered = new Promise<void>((resolve) => {
      answer = resolve
    })
    api.server.use(
      http.get('*/api/workspaces/default/tokens', async () => {
        await answered
        return HttpResponse.json(
          { error: { code: 'INTERNAL', message: 'Database unavailable' } },
          { status: 500 },
        )
      }),
    )
    openPage()
    expect(await screen.findByLabelText('Loading API tokens')).toBeInTheDocument()
    answer()
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load the API tokens')
    expect(alert).toHaveTextContent('Database unavailable')
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument()
  })
})
