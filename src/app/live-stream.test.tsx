import { screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import type { TaskList } from '#core/api/task-schemas.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { FetchEventSource } from '#src/test/fetch-event-source.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { AppShell } from './app-shell.tsx'
import { PluginsRoute } from './routes/plugins-route.tsx'

const WS = 'default'
const TASKS = `/api/workspaces/${WS}/tasks`
const STREAM = `/api/workspaces/${WS}/stream`

let api: MockApi
let taskRequests: number[]
let streamRequests: number[]

beforeEach(async () => {
  // Steps slow enough that a restart spans more than one poll; its progress is pushed every 1.25 s.
  api = await startMockApi({ scenario: 'demo', stepMs: 2_500 })
  taskRequests = recordRequests(api, 'GET', TASKS)
  streamRequests = recordRequests(api, 'GET', STREAM)
  vi.stubGlobal('EventSource', FetchEventSource)
})

afterEach(() => {
  for (const source of FetchEventSource.instances.splice(0)) source.close()
  vi.unstubAllGlobals()
  api.server.close()
})

function renderApp() {
  const rendered = renderWithApp(null, {
    route: `/w/${WS}/plugins`,
    routes: [
      {
        path: '/w/:workspaceId',
        element: <AppShell />,
        children: [{ path: 'plugins', element: <PluginsRoute /> }],
      },
    ],
  })
  const latest = () => rendered.queryClient.getQueryData<TaskList>(taskQueries.latest(WS).queryKey)
  return { ...rendered, latest }
}

describe('the workspace stream at the app root', () => {
  test('a task another tab starts is pushed into the cache, and the polling rule starts by itself', {
    timeout: 20_000,
  }, async () => {
    const { latest } = renderApp()
    await screen.findByText('acme/hello-world')
    await waitFor(() => expect(streamRequests).toHaveLength(1))
    await waitFor(() => expect(latest()?.items.length).toBeGreaterThan(0))
    expect(taskRequests).toHaveLength(1) // everything is terminal: no polling

    // Another tab (or another admin) restarts a plugin: this tab's cache knows nothing of it.
    const plugins = await apiRequest<PluginList>(apiPaths.plugins(WS))
    const hello = plugins.items.find((plugin) => plugin.pluginId === 'acme/hello-world')
    if (!hello) throw new Error('hello-world is not installed in the demo')
    const { task } = await apiRequest<{ task: { id: string } }>(
      apiPaths.pluginAction(WS, hello.id, 'restart'),
      {
        method: 'POST',
      },
    )

    await waitFor(() => expect(latest()?.items.find((candidate) => candidate.id === task.id)).toBeDefined())
    const pushedAt = Date.now()
    expect(taskRequests).toHaveLength(1) // it came by push, not by a poll
    expect(screen.getByRole('button', { name: /Tasks 1 active/ })).toBeInTheDocument()
    // The polling rule, untouched, polls every 5 s while the restart runs: pushed progress does not
    // hold it back.
    await waitFor(() => expect(taskRequests.length).toBeGreaterThanOrEqual(2), { timeout: 7_000 })
    expect((taskRequests[1] as number) - pushedAt).toBeGreaterThan(4_500)
  })

  test('with the stream down the console works as before and says it is not live', async () => {
    api.server.use(
      http.get(`*${STREAM}`, () => HttpResponse.json({ error: { code: 'INTERNAL' } }, { status: 503 })),
    )
    renderApp()
    expect(await screen.findByText('acme/hello-world')).toBeInTheDocument()
    expect(await screen.findByText(/Reconnecting…/)).toBeInTheDocument()
    expect(taskRequests).toHaveLength(1)
  })
})
