import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
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
  const lastError = screen.getByRole('heading', { name: 'Last error' }).parentElement as HTMLElement
  expect(lastError.querySelector('pre')).toBeNull()
  await user.click(within(lastError).getByRole('button', { name: 'Show details' }))
  expect(lastError.querySelector('pre')?.textContent?.split('\n').length).toBeGreaterThan(1)
  const timeline = screen.getByRole('heading', { name: 'Timeline' }).parentElement as HTMLElement
  expect(await within(timeline).findAllByRole('listitem')).not.toHaveLength(0)
})

test('health checks and the log tail are there for a running plugin', async () => {
  const id = await pluginIdOf('acme/hello-world')
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId={id} />)
  const user = userEvent.setup()
  const health = (await screen.findByRole('heading', { name: 'Health checks' })).parentElement as HTMLElement
  // The summary or the empty state, never the heading itself (which also says "checks").
  expect(await within(health).findByText(/^(No health checks yet\.|\d+ checks?, .+)$/)).toBeInTheDocument()
  const log = screen.getByRole('heading', { name: 'Log' }).parentElement as HTMLElement
  await user.click(within(log).getByRole('button', { name: 'Show log' }))
  await waitFor(() =>
    expect(log.querySelector('pre')).toHaveTextContent(/\[host\] worker pid \d+ started 1\.0\.0/),
  )
})

test('an id that is not installed here answers not found', async () => {
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="nope" />)
  expect(await screen.findByRole('alert')).toHaveTextContent('This plugin is not installed here')
})
