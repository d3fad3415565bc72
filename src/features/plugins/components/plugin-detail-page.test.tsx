import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import type { Task, TaskResponse } from '#core/api/task-schemas.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { PluginDetailPage } from './plugin-detail-page.tsx'

let api: MockApi

beforeEach(async () => {
  // demo: Broken Loader is in `error` with a multi-line lastError.
  api = await startMockApi({ scenario: 'demo' })
})
afterEach(() => {
  api.server.close()
})

async function pluginIdOf(ref: string) {
  const list = await apiRequest<PluginList>(`/api/workspaces/default/plugins?q=${encodeURIComponent(ref)}`)
  const plugin = list.items.find((item) => item.pluginId === ref)
  if (!plugin) throw new Error(`${ref} is not in the demo scenario`)
  return plugin.id
}

test('the detail page shows status, the first line of the last error with the rest on demand, and the timeline', async () => {
  const id = await pluginIdOf('acme/broken-loader')
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const user = userEvent.setup()
  expect(await screen.findByRole('heading', { name: /Broken Loader/ })).toHaveTextContent('Error')
  const lastError = screen.getByRole('region', { name: 'Last error' })
  expect(lastError.querySelector('pre')).toBeNull()
  await user.click(within(lastError).getByRole('button', { name: 'Show details' }))
  expect(lastError.querySelector('pre')?.textContent?.split('\n').length).toBeGreaterThan(1)
  const timeline = screen.getByRole('region', { name: 'Timeline' })
  expect(await within(timeline).findAllByRole('listitem')).not.toHaveLength(0)
})

test('health checks and the log tail are there for a running plugin', async () => {
  const id = await pluginIdOf('acme/hello-world')
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const health = await screen.findByRole('region', { name: 'Health checks' })
  // The summary or the empty state, never the heading itself (which also says "checks").
  expect(await within(health).findByText(/^(No health checks yet\.|\d+ checks?, .+)$/)).toBeInTheDocument()
  // The tail is there without asking for it.
  const log = screen.getByRole('region', { name: 'Log' })
  expect(await within(log).findByLabelText('Log tail')).toHaveTextContent(
    /\[host\] worker pid \d+ started 1\.0\.0/,
  )
})

test('the action a state calls for sits beside it: Enable beside the last error', async () => {
  const started = recordRequests(
    api,
    'POST',
    `/api/workspaces/default/plugins/${await pluginIdOf('acme/broken-loader')}/enable`,
  )
  const id = await pluginIdOf('acme/broken-loader')
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const user = userEvent.setup()
  const lastError = await screen.findByRole('region', { name: 'Last error' })
  const enable = within(lastError).getByRole('button', { name: 'Enable' })
  await user.click(enable)
  await waitFor(() => expect(started).toHaveLength(1))
  // The task runs on the plugin: the button stays where focus is, and starts nothing more.
  await waitFor(() => expect(enable).toHaveAttribute('aria-disabled', 'true'))
  await user.click(enable)
  expect(started).toHaveLength(1)
  expect(enable).toHaveFocus()
})

test('an upgrade waiting for approval has Approve and Reject beside it; Approve shows the new capabilities first', async () => {
  api.deps.runtime.setStepMs(0)
  const id = await pluginIdOf('acme/hello-world')
  const { task } = await apiRequest<TaskResponse>(`/api/workspaces/default/plugins/${id}/upgrade`, {
    method: 'POST',
    body: { version: '2.0.0' },
  })
  await waitFor(async () => {
    const ended = await apiRequest<Task>(`/api/workspaces/default/tasks/${task.id}`)
    expect(ended.status).toBe('success')
  })
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const user = userEvent.setup()
  const pending = await screen.findByRole('region', { name: 'Upgrade to 2.0.0 waits for approval' })
  expect(within(pending).getByRole('button', { name: 'Reject upgrade' })).toBeInTheDocument()
  await user.click(within(pending).getByRole('button', { name: 'Approve upgrade…' }))
  const dialog = await screen.findByRole('dialog', { name: 'Approve the upgrade of Hello World' })
  expect(dialog).toHaveTextContent('messages:write')
})

test('a plugin in development has Reload in its header, which asks the server for a reload; others have none', async () => {
  const id = await pluginIdOf('acme/hello-world')
  const plain = renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  await screen.findByRole('heading', { name: /Hello World/ })
  expect(screen.queryByRole('button', { name: 'Reload' })).toBeNull()
  plain.unmount()

  const row = await api.deps.store.getPlugin('default', id)
  if (!row) throw new Error('no hello-world row')
  await api.deps.store.updatePlugin('default', id, {
    source: { ...row.source, dev: true, path: '/home/me/hello' },
  })
  const reloads = recordRequests(api, 'POST', `/api/workspaces/default/plugins/${id}/dev/reload`)
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const user = userEvent.setup()
  const heading = await screen.findByRole('heading', { name: /Hello World/ })
  expect(heading).toHaveTextContent('In development')
  await user.click(screen.getByRole('button', { name: 'Reload' }))
  await waitFor(() => expect(reloads).toHaveLength(1))
})

test('an id that is not installed here answers not found', async () => {
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="nope" />)
  expect(await screen.findByRole('alert')).toHaveTextContent('This plugin is not installed here')
})
