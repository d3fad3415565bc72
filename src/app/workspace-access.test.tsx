import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { findEnabledButton, renderWithApp } from '#src/test/test-utils.tsx'
import { appRoutes } from './routes.tsx'

let api: MockApi

beforeAll(async () => {
  await import('#src/features/plugins/components/plugin-actions-menu.tsx')
  await import('#src/features/tasks/components/task-panel-popover.tsx')
})
beforeEach(async () => {
  // The demo workspace, seen by a member: they read, they change nothing.
  api = await startMockApi({ scenario: 'member' })
})
afterEach(() => {
  api.server.close()
})

test('a member sees plugins and tasks but is offered no changes', async () => {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/plugins' })
  const user = userEvent.setup()
  expect(await screen.findByText('(member)')).toBeInTheDocument()
  expect(await screen.findByRole('link', { name: 'Hello World' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /^Actions for/ })).not.toBeInTheDocument()

  const nav = screen.getByRole('navigation', { name: 'Main' })
  expect(
    within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent),
  ).toEqual(['Plugins', 'Marketplace', 'Updates', 'Members', 'API tokens'])

  await user.click(await findEnabledButton(/^Tasks/))
  const panel = await screen.findByRole('dialog', { name: 'Tasks' })
  expect(await within(panel).findByText('Install Broken Loader')).toBeInTheDocument()
  expect(within(panel).queryByRole('button', { name: /Clear|Retry|Cancel/ })).not.toBeInTheDocument()
})

test('a member sees the catalog with a note instead of Install buttons', async () => {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/marketplace' })
  const note = await screen.findByRole('note')
  expect(note).toHaveTextContent('Only admins can install plugins in this workspace')
  expect(await screen.findByRole('article', { name: 'Hello World' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /Install/ })).not.toBeInTheDocument()
  expect(screen.queryByLabelText('Choose a package file')).not.toBeInTheDocument()
})

test('a member sees a plugin page without its actions', async () => {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/plugins' })
  const user = userEvent.setup()
  await user.click(await screen.findByRole('link', { name: 'Hello World' }))
  expect(await screen.findByRole('heading', { name: 'Runtime' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /^Actions for/ })).not.toBeInTheDocument()
})

test('a member reads the members list but cannot change it', async () => {
  renderWithApp(null, { routes: appRoutes, route: '/w/default/members' })
  expect(await screen.findByRole('cell', { name: 'owner@plugboard.dev' })).toBeInTheDocument()
  expect(screen.queryByRole('combobox', { name: /^Role of/ })).not.toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /Remove|Invite/ })).not.toBeInTheDocument()
})
