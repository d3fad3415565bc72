import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter } from 'react-router'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { createQueryClient } from './query-client.ts'
import { appRoutes } from './routes.tsx'

const PLUGINS = '/api/workspaces/default/plugins'
let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'demo' })
})
afterEach(() => {
  api.server.close()
})

test('opening the plugins page asks for its list and the shell data before anything renders', async () => {
  const asked = recordRequests(api, 'GET', PLUGINS)
  // The app's own client: its freshness rules decide whether the page asks again.
  const queryClient = createQueryClient()
  const router = createMemoryRouter(appRoutes(queryClient), {
    initialEntries: ['/w/default/plugins?status=ready&sort=-name'],
  })
  const list = pluginQueries.list('default', {
    status: 'ready',
    sort: '-name',
    page: 1,
    pageSize: 50,
  })
  // The very key the page reads: nothing has rendered, and both are already on their way.
  expect(queryClient.getQueryState(list.queryKey)?.fetchStatus).toBe('fetching')
  expect(queryClient.getQueryState(authQueries.me().queryKey)?.fetchStatus).toBe('fetching')
  await expect.poll(() => queryClient.getQueryData(list.queryKey)).toBeDefined()
  expect(asked).toHaveLength(1)
  router.dispose()
})

test('the page reads what the loader fetched: one request for the list, and a row link opens the plugin', async () => {
  const asked = recordRequests(api, 'GET', PLUGINS)
  // Fresh for as long as the test runs (a slow render must not make it stale): a second request
  // could then only come from a page asking for another key than the loader's.
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, staleTime: Infinity },
  })
  const { router } = renderWithApp(null, { routes: appRoutes, route: '/w/default/plugins', queryClient })
  const link = await screen.findByRole('link', { name: 'Hello World' })
  expect(asked).toHaveLength(1)
  await userEvent.click(link)
  expect(await screen.findByRole('heading', { level: 1, name: /Hello World/ })).toBeInTheDocument()
  expect(router.state.location.pathname).toMatch(/^\/w\/default\/plugins\/[^/]+$/)
})
