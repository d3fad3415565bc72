import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { appRoutes } from './routes.tsx'
import { sectionPath } from './workspace-bar.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'owner' })
})
afterEach(() => {
  api.server.close()
})

test('with one workspace its name shows without a switcher; a created workspace opens and the switcher appears', async () => {
  const { router } = renderWithApp(null, { routes: appRoutes, route: '/w/default/members' })
  const user = userEvent.setup()
  expect(await screen.findByText('Demo workspace')).toBeInTheDocument()
  expect(screen.queryByRole('combobox', { name: 'Workspace' })).not.toBeInTheDocument()

  await user.click(screen.getByRole('button', { name: 'Create workspace' }))
  const dialog = await screen.findByRole('dialog', { name: 'Create workspace' })
  await user.type(within(dialog).getByLabelText('Workspace name'), 'Staging')
  await user.click(within(dialog).getByRole('button', { name: 'Create' }))

  await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/w\/(?!default)[^/]+\/plugins$/))
  const switcher = await screen.findByRole('combobox', { name: 'Workspace' })
  await waitFor(() => expect(switcher).toHaveDisplayValue('Staging'))
  expect(
    within(switcher)
      .getAllByRole('option')
      .map((option) => option.textContent),
  ).toEqual(expect.arrayContaining(['Demo workspace', 'Staging']))
  await user.selectOptions(switcher, 'Demo workspace')
  await waitFor(() => expect(router.state.location.pathname).toBe('/w/default/plugins'))
})

test.each([
  ['/w/a/members', '/w/b/members'],
  ['/w/a/audit', '/w/b/audit'],
  ['/w/a/plugins/p1', '/w/b/plugins'],
  ['/w/a/nowhere', '/w/b/plugins'],
])('switching from %s opens %s', (from, to) => {
  expect(sectionPath(from, 'b')).toBe(to)
})
