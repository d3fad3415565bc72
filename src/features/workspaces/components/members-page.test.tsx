import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { appRoutes } from '#src/app/routes.tsx'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'

let api: MockApi
let bodies: { method: string; path: string; body: unknown }[]
let answered: { temporaryPassword?: string }[]

beforeEach(async () => {
  api = await startMockApi({ scenario: 'owner' })
  bodies = []
  answered = []
  api.server.events.on('response:mocked', async ({ request, response }) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/members')) {
      answered.push(await response.clone().json())
    }
  })
  api.server.events.on('request:start', async ({ request }) => {
    const path = new URL(request.url).pathname
    if (request.method !== 'GET' && path.includes('/members')) {
      const text = await request.clone().text()
      bodies.push({ method: request.method, path, body: text ? JSON.parse(text) : null })
    }
  })
})
afterEach(() => {
  api.server.close()
})

async function openMembers() {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/members' })
  await screen.findByRole('heading', { name: 'Members' })
  return screen.findByRole('combobox', { name: 'Role of Ada Admin' })
}

describe('the members page (owner)', () => {
  test('inviting a new email shows its temporary password once, with a copy button', async () => {
    const user = userEvent.setup()
    await openMembers()
    await user.type(screen.getByLabelText('Email'), 'new.person@plugboard.dev')
    await user.type(screen.getByLabelText('Name (optional)'), 'New Person')
    await user.selectOptions(screen.getByLabelText('Role'), 'admin')
    await user.click(screen.getByRole('button', { name: 'Invite' }))

    const notice = await screen.findByRole('status', { name: 'Temporary password' })
    expect(notice).toHaveTextContent('shown only once')
    const password = within(notice).getByText((_, element) => element?.tagName === 'CODE').textContent
    expect(answered).toHaveLength(1)
    expect(password).toBe(answered[0]?.temporaryPassword)
    expect(password).toMatch(/\S{8,}/)
    expect(within(notice).getByRole('button', { name: 'Copy password' })).toBeInTheDocument()
    expect(bodies).toEqual([
      {
        method: 'POST',
        path: '/api/workspaces/default/members',
        body: { email: 'new.person@plugboard.dev', role: 'admin', name: 'New Person' },
      },
    ])
    expect(await screen.findByRole('cell', { name: 'new.person@plugboard.dev' })).toBeInTheDocument()

    await user.click(within(notice).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('status', { name: 'Temporary password' })).not.toBeInTheDocument()
    expect(screen.queryByText(password as string)).not.toBeInTheDocument()
  })

  test('an owner changes a role', async () => {
    const user = userEvent.setup()
    const select = await openMembers()
    await user.selectOptions(select, 'member')
    await waitFor(() => expect(bodies.at(-1)?.body).toEqual({ role: 'member' }))
    expect(bodies.at(-1)?.method).toBe('PATCH')
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Role of Ada Admin' })).toHaveValue('member'),
    )
  })

  test('demoting the last owner shows the refusal from the server', async () => {
    const user = userEvent.setup()
    await openMembers()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role of Olivia Owner' }), 'admin')
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not change the role: .*owner/i)
  })

  test('removing a member asks for confirmation first', async () => {
    const user = userEvent.setup()
    await openMembers()
    await user.click(screen.getByRole('button', { name: 'Remove Max Member' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove Max Member?' })
    expect(bodies).toEqual([])
    await user.click(within(dialog).getByRole('button', { name: 'Remove member' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(bodies.at(-1)?.method).toBe('DELETE')
    await waitFor(() =>
      expect(screen.queryByRole('cell', { name: 'member@plugboard.dev' })).not.toBeInTheDocument(),
    )
  })
})
