import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { makeItem, makeTask } from '#src/test/fixtures.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { findEnabledButton, renderWithApp } from '#src/test/test-utils.tsx'
import { TaskPanelButton } from './task-panel-button.tsx'

let api: MockApi

beforeAll(async () => {
  await import('./task-panel-popover.tsx')
})
beforeEach(async () => {
  // demo: a succeeded "Disable Weather" and a failed "Install Broken Loader".
  api = await startMockApi({ scenario: 'demo' })
})
afterEach(() => {
  api.server.close()
})

async function openPanel() {
  const user = userEvent.setup()
  // The button reads the cache; the app-root watcher is what fetches, so prime it as the watcher would.
  const rendered = renderWithApp(<TaskPanelButton workspaceId="default" />)
  await rendered.queryClient.prefetchQuery(
    (await import('../api/task-queries.ts')).taskQueries.latest('default'),
  )
  const button = await findEnabledButton('Tasks')
  await user.click(button)
  const panel = await screen.findByRole('dialog', { name: 'Tasks' })
  return { user, panel, button, ...rendered }
}

describe('the task panel', () => {
  test('groups tasks into Succeeded and Failed with an icon, the first error line and details on demand', async () => {
    const { user, panel } = await openPanel()
    const succeeded = within(panel).getByRole('region', { name: /Succeeded/ })
    const failed = within(panel).getByRole('region', { name: /Failed/ })
    expect(within(succeeded).getByRole('listitem', { name: 'Disable Weather' })).toBeInTheDocument()
    const install = within(failed).getByRole('listitem', { name: 'Install Broken Loader' })
    expect(within(install).getByLabelText('Failed')).toBeInTheDocument()
    expect(within(panel).queryByRole('region', { name: /Running/ })).not.toBeInTheDocument()

    expect(install.querySelector('pre')).toBeNull()
    await user.click(within(install).getByRole('button', { name: 'Show details' }))
    expect(within(install).getByRole('button', { name: 'Hide details' })).toHaveAttribute(
      'aria-expanded',
      'true',
    )
    expect(install.querySelector('pre')).toHaveTextContent(/failed to load/)
    expect(within(install).getByRole('button', { name: 'Retry Install Broken Loader' })).toBeInTheDocument()
  })

  test('Esc closes the panel and gives focus back to the button', async () => {
    const { user, button } = await openPanel()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Tasks' })).not.toBeInTheDocument()
    expect(button).toHaveFocus()
  })

  test('Clear all completed removes every finished task', async () => {
    const cleared = recordRequests(api, 'POST', '/api/workspaces/default/tasks/clear')
    const { user, panel } = await openPanel()
    await user.click(within(panel).getByRole('button', { name: 'Clear all completed' }))
    expect(await within(panel).findByText('No tasks yet.')).toBeInTheDocument()
    expect(cleared).toHaveLength(1)
  })

  test('Retry starts the failed operation again and shows it running', async () => {
    const { user, panel } = await openPanel()
    await user.click(within(panel).getByRole('button', { name: 'Retry Install Broken Loader' }))
    const running = await within(panel).findByRole('region', { name: /Running/ })
    expect(within(running).getByRole('listitem', { name: /Broken Loader/ })).toBeInTheDocument()
    expect(within(running).getByRole('button', { name: /^Cancel/ })).toBeInTheDocument()
  })

  test('Clear removes one finished task', async () => {
    const { user, panel } = await openPanel()
    await user.click(within(panel).getByRole('button', { name: 'Clear Disable Weather' }))
    await waitFor(() => expect(within(panel).queryByText('Disable Weather')).not.toBeInTheDocument())
    expect(within(panel).getByText('Install Broken Loader')).toBeInTheDocument()
  })

  test('shows the latest 50, then loads more', async () => {
    const tasks = Array.from({ length: 60 }, (_, index) =>
      makeTask(`t${index}`, [makeItem(`i${index}`, 'success', { pluginName: `Plugin ${index}` })], {
        createdAt: new Date(Date.UTC(2026, 10, 22, 0, 0, 60 - index)).toISOString(),
      }),
    )
    api.server.use(
      http.get('*/api/workspaces/default/tasks', ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
        const items = tasks.slice((page - 1) * 50, page * 50)
        return HttpResponse.json({ items, total: tasks.length, page, pageSize: 50, activeCount: 0 })
      }),
    )
    const { user, panel } = await openPanel()
    expect(within(panel).getAllByRole('listitem', { name: /^Install Plugin/ })).toHaveLength(50)
    await user.click(within(panel).getByRole('button', { name: 'Load more' }))
    await waitFor(() =>
      expect(within(panel).getAllByRole('listitem', { name: /^Install Plugin/ })).toHaveLength(60),
    )
    expect(within(panel).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
  })
})
