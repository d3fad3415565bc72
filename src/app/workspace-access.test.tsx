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
  await user.click(await findEnabledButton('Actions for Hello World'))
  expect(await screen.findByText('Only admins can change plugins')).toBeInTheDocument()
  for (const item of screen.getAllByRole('menuitem')) expect(item).toHaveAttribute('aria-disabled', 'true')
  await user.keyboard('{Escape}')

  await user.click(await findEnabledButton(/^Tasks/))
  const panel = await screen.findByRole('dialog', { name: 'Tasks' })
  expect(await within(panel).findByText('Install Broken Loader')).toBeInTheDocument()
  expect(within(panel).queryByRole('button', { name: /Clear|Retry|Cancel/ })).not.toBeInTheDocument()
})
