import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import type { UpdateList } from '#core/api/update-schemas.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { appRoutes } from '../routes.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'demo' })
})
afterEach(() => {
  api.server.close()
})

test('a plugin is pinned to its version from its own page, and unpinned again; the Updates page agrees', async () => {
  const list = await apiRequest<PluginList>('/api/workspaces/default/plugins?q=hello')
  const hello = list.items.find((item) => item.pluginId === 'acme/hello-world')
  renderWithApp(null, { routes: appRoutes, route: `/w/default/plugins/${hello?.id}` })
  const user = userEvent.setup()
  await screen.findByRole('heading', { level: 1, name: /Hello World/ })

  await user.click(await screen.findByRole('button', { name: 'Pin version' }))
  expect(await screen.findByRole('button', { name: 'Unpin version' })).toBeEnabled()
  expect(screen.getByText(/pinned to this version/)).toBeInTheDocument()
  const updates = await apiRequest<UpdateList>('/api/workspaces/default/updates')
  expect(updates.items.find((item) => item.pluginId === hello?.id)?.pinned).toBe(true)

  await user.click(screen.getByRole('button', { name: 'Unpin version' }))
  expect(await screen.findByRole('button', { name: 'Pin version' })).toBeEnabled()
  expect(screen.queryByText(/pinned to this version/)).toBeNull()
  const after = await apiRequest<UpdateList>('/api/workspaces/default/updates')
  expect(after.items.find((item) => item.pluginId === hello?.id)?.pinned).toBe(false)
})
