import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { makeItem, makeTask } from '#src/test/fixtures.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { findEnabledButton, renderWithApp } from '#src/test/test-utils.tsx'
import { taskTitle } from '../api/task-changes.ts'
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

async function openPanel(name: string | RegExp = 'Tasks') {
  const user = userEvent.setup()
  // The button reads the cache; the app-root watcher is what fetches, so prime it as the watcher would.
  const rendered = renderWithApp(<TaskPanelButton workspaceId="default" />)
  await rendered.queryClient.prefetchQuery(
    (await import('../api/task-queries.ts')).taskQueries.latest('default'),
  )
  const button = await findEnabledButton(name)
  await user.click(button)
  const panel = await screen.findByRole('dialog', { name: 'Tasks' })
  return { user, panel, button, ...rendered }
}

describe('the task panel', () => {
  test('groups tasks into Failed and Succeeded, failures first, with an icon, the first error line and details on demand', async () => {
    const { user, panel } = await openPanel()
    const succeeded = within(panel).getByRole('region', { name: /Succeeded/ })
    const failed = within(panel).getByRole('region', { name: /Failed/ })
    expect(within(succeeded).getByRole('listitem', { name: 'Disable Weather' })).toBeInTheDocument()
    const install = within(failed).getByRole('listitem', { name: 'Install Broken Loader' })
    expect(within(install).getByLabelText('Failed')).toBeInTheDocument()
    expect(within(panel).queryByRole('region', { name: /Running/ })).not.toBeInTheDocument()
    expect(
      within(panel)
        .getAllByRole('region')
        .map((region) => region.getAttribute('aria-labelledby')),
    ).toEqual(['task-group-failed', 'task-group-succeeded'])

    expect(install.querySelector('pre')).toBeNull()
    // The list carries the message only: the worker's log comes with the task's own answer, on demand.
    const taskReads = recordRequests(api, 'GET', /\/api\/workspaces\/default\/tasks\/[^/]+$/)
    expect(install).not.toHaveTextContent('worker log')
    await user.click(within(install).getByRole('button', { name: 'Show details' }))
    expect(within(install).getByRole('button', { name: 'Hide details' })).toHaveAttribute(
      'aria-expanded',
      'true',
    )
    await waitFor(() => expect(install.querySelector('pre')).toHaveTextContent(/--- worker log/))
    expect(install.querySelector('pre')).toHaveTextContent(/failed to load/)
    expect(taskReads).toHaveLength(1)
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

  test('a refused package is not offered a Retry that could only fail again', async () => {
    const error = { code: 'PACKAGE_INVALID', message: 'plugin.json is invalid', detail: null }
    api.server.use(
      http.get('*/api/workspaces/default/tasks', () =>
        HttpResponse.json({
          items: [makeTask('t1', [makeItem('a', 'failed', { pluginName: 'Broken Manifest', error })])],
          total: 1,
          page: 1,
          pageSize: 50,
          activeCount: 0,
        }),
      ),
    )
    const { panel } = await openPanel()
    const card = within(panel).getByRole('listitem', { name: 'Install Broken Manifest' })
    expect(within(card).getByRole('button', { name: 'Clear Install Broken Manifest' })).toBeInTheDocument()
    expect(within(card).queryByRole('button', { name: /^Retry/ })).not.toBeInTheDocument()
  })
})

describe('keyboard focus in the task panel', { timeout: 20_000 }, () => {
  test('after Clear it lands on the next task, and on the heading once none is left', async () => {
    const { user, panel } = await openPanel()
    // Failed first: Broken Loader, then Weather.
    await user.click(within(panel).getByRole('button', { name: 'Clear Install Broken Loader' }))
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Clear Disable Weather' })).toHaveFocus(),
    )
    await user.keyboard('{Enter}')
    await waitFor(() => expect(within(panel).getByRole('heading', { name: 'Tasks' })).toHaveFocus())
    expect(within(panel).getByText('No tasks yet.')).toBeInTheDocument()
  })

  test('after Clear all completed it lands on the heading', async () => {
    const { user, panel } = await openPanel()
    await user.click(within(panel).getByRole('button', { name: 'Clear all completed' }))
    await waitFor(() => expect(within(panel).getByRole('heading', { name: 'Tasks' })).toHaveFocus())
  })

  test('Cancel keeps focus while cancelling, the outcome shows as soon as the server is done, and focus follows the task', async () => {
    api.deps.runtime.setStepMs(5_000)
    const { task } = await apiRequest<TaskResponse>('/api/workspaces/default/installs', {
      method: 'POST',
      body: { items: [{ source: 'marketplace', pluginId: 'acme/slow-sync', version: '1.0.0' }] },
    })
    const { user, panel } = await openPanel(/^Tasks 1 active/)
    const running = within(panel).getByRole('region', { name: /Running/ })
    const cancel = within(running).getByRole('button', { name: `Cancel ${taskTitle(task)}` })
    await user.click(cancel)
    expect(cancel).toHaveFocus()
    expect(cancel).toHaveTextContent('Cancelling…')
    expect(cancel).toHaveAttribute('aria-disabled', 'true')
    // Nothing polls the list here: only following the cancelled task brings its end.
    const failed = within(panel).getByRole('region', { name: /Failed/ })
    const card = await within(failed).findByRole('listitem', { name: taskTitle(task) }, { timeout: 4_000 })
    expect(within(card).getByLabelText('Cancelled')).toBeInTheDocument()
    await waitFor(() => expect(within(card).getAllByRole('button')[0]).toHaveFocus())
  })
})
