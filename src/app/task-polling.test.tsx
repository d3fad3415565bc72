import type { QueryClient } from '@tanstack/react-query'
import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { MarketplaceEntry, MarketplaceList } from '#core/api/marketplace-schemas.ts'
import type { TaskList } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { useInstall } from '#src/features/marketplace/api/marketplace-queries.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { type MockApi, recordRequests, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { scaled } from '#tests/support/time-factor.ts'
import { AppShell } from './app-shell.tsx'
import { PluginsRoute } from './routes/plugins-route.tsx'

const TASKS = '/api/workspaces/default/tasks'
const PLUGINS = '/api/workspaces/default/plugins'
const MARKETPLACE = '/api/workspaces/default/marketplace'

const INSTALLS = {
  hello: 'acme/hello-world',
  broken: 'acme/broken-loader',
  bundle: 'acme/starter-bundle',
  refused: 'acme/legacy-bridge',
}
let catalog: MarketplaceEntry[] = []

/** Starts installs through the marketplace's mutation hook, as the Install button does. */
function InstallButtons() {
  const install = useInstall('default')
  return (
    <div>
      {Object.entries(INSTALLS).map(([name, pluginId]) => {
        const item = catalog.find((candidate) => candidate.pluginId === pluginId)
        if (!item) throw new Error(`${pluginId} is not in the mock catalog`)
        return (
          <button
            key={name}
            type="button"
            onClick={() => install.mutate({ entry: item, version: item.latestVersion })}
          >
            install {name}
          </button>
        )
      })}
    </div>
  )
}

let api: MockApi
let taskRequests: number[]
let pluginRequests: number[]

beforeEach(async () => {
  // Slow enough steps that an install spans several polls.
  api = await startMockApi({ scenario: 'empty', stepMs: 3_000 })
  taskRequests = recordRequests(api, 'GET', TASKS)
  // The real catalog entries (the bundle lists its members with their versions), before the clock is faked.
  catalog = (await apiRequest<MarketplaceList>(`${MARKETPLACE}`)).items
  pluginRequests = recordRequests(api, 'GET', PLUGINS)
  vi.useFakeTimers({ shouldAdvanceTime: false })
  // Testing Library ends every user-event action by waiting for a setTimeout(0), which it advances
  // only when it sees *Jest* fake timers; with Vitest's it would wait forever. It checks for a
  // global `jest` and a `clock` on setTimeout (which Vitest's fake timers have).
  vi.stubGlobal('jest', { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) })
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  api.server.close()
})

// Captured before the clock is faked: the mock API does some real asynchronous work per request
// (e.g. hashing the session token with WebCrypto), which no fake timer drives.
const realSetTimeout = globalThis.setTimeout
let client: QueryClient | undefined

/**
 * Advances fake time, then lets every request that started finish for real (inside act), so that
 * each response lands at the fake instant its request started: the intervals stay exact.
 */
async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms))
  for (let round = 0; round < 2_000; round++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0)
      await new Promise((resolve) => realSetTimeout(resolve, 0))
    })
    if (client && client.isFetching() === 0 && client.isMutating() === 0) return
  }
  throw new Error('requests never settled')
}

function renderApp() {
  const rendered = renderWithApp(null, {
    route: '/w/default/plugins',
    routes: [
      {
        path: '/w/:workspaceId',
        element: <AppShell />,
        children: [
          {
            path: 'plugins',
            element: (
              <>
                <PluginsRoute />
                <InstallButtons />
              </>
            ),
          },
        ],
      },
    ],
  })
  client = rendered.queryClient
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
  const latest = () => rendered.queryClient.getQueryData<TaskList>(taskQueries.latest('default').queryKey)
  return { ...rendered, user, latest }
}

/** Advances one poll at a time until the newest task is terminal in the cache. */
async function untilNewestTaskSettles(latest: () => TaskList | undefined) {
  for (let poll = 0; poll < 60; poll++) {
    const newest = latest()?.items[0]
    if (newest && isTerminal(newest.status)) return newest
    await advance(5_000)
  }
  throw new Error(`the newest task never finished: ${JSON.stringify(latest()?.items[0]?.status)}`)
}

function gaps(times: number[]) {
  return times.slice(1).map((time, index) => time - (times[index] as number))
}

describe('task polling and refresh on success (docs/task-pipeline.md)', { timeout: scaled(60_000) }, () => {
  test('polls every 5 s while an install runs, refreshes the plugin list once, then stays silent', async () => {
    const { user, latest } = renderApp()
    await advance(0)
    expect(screen.getByText('No plugins installed yet')).toBeInTheDocument()
    expect(taskRequests).toHaveLength(1)
    expect(pluginRequests).toHaveLength(1)

    // Nothing is active: no polling at all.
    await advance(60_000)
    expect(taskRequests).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'install hello' }))
    const startedAt = Date.now()
    await advance(0)
    expect(screen.getByRole('button', { name: /Tasks 1 active/ })).toBeInTheDocument()

    const task = await untilNewestTaskSettles(latest)
    expect(task.status).toBe('success')
    const polls = taskRequests.slice(1)
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(polls[0]).toBe(startedAt + 5_000)
    expect(new Set(gaps(polls))).toEqual(new Set([5_000]))

    await advance(0)
    expect(pluginRequests).toHaveLength(2)
    expect(screen.getByText('acme/hello-world')).toBeInTheDocument()
    expect(screen.getByTestId('task-announcer')).toHaveTextContent('Install Hello World succeeded')

    const requestsWhenDone = taskRequests.length
    await advance(60_000)
    expect(taskRequests).toHaveLength(requestsWhenDone)
    expect(pluginRequests).toHaveLength(2)
  })

  test('a bundle where one of two fails refreshes once; new work restarts polling; a failed install refreshes its row', async () => {
    const { user, latest } = renderApp()
    await advance(0)
    expect(taskRequests).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'install bundle' }))
    await advance(0)
    expect(latest()?.items[0]?.kind).toBe('install')
    expect(latest()?.items[0]?.items).toHaveLength(2)
    const bundle = await untilNewestTaskSettles(latest)
    expect(bundle.status).toBe('failed')
    expect(bundle.items.map((item) => item.status).sort()).toEqual(['failed', 'success'])
    await advance(0)
    expect(pluginRequests).toHaveLength(2)
    expect(screen.getByText('acme/metrics')).toBeInTheDocument()
    // The member refused at verify left nothing behind.
    expect(screen.queryByText('acme/legacy-bridge')).not.toBeInTheDocument()

    await advance(60_000)
    const quiet = taskRequests.length
    await advance(60_000)
    expect(taskRequests).toHaveLength(quiet)

    // New work: polling starts again by itself.
    await user.click(screen.getByRole('button', { name: 'install broken' }))
    const startedAt = Date.now()
    await advance(0)
    expect(latest()?.items[0]?.items[0]?.pluginRef).toBe('acme/broken-loader')
    // A page fetched the list while the install ran: its row says a task is running.
    await act(() => client?.invalidateQueries({ queryKey: ['workspaces', 'default', 'plugins'] }))
    await advance(0)
    const row = () => screen.getByRole('row', { name: /Broken Loader/ })
    expect(row()).toHaveTextContent('Task running')
    const broken = await untilNewestTaskSettles(latest)
    expect(broken.status).toBe('failed')
    expect(screen.getByTestId('task-announcer')).toHaveTextContent('Install Broken Loader failed')
    const polls = taskRequests.slice(quiet)
    expect(polls.length).toBeGreaterThanOrEqual(2)
    expect(polls[0]).toBe(startedAt + 5_000)
    expect(new Set(gaps(polls))).toEqual(new Set([5_000]))
    await advance(0)
    // Failed at load, the plugin stays in error: its row follows the task's end, once.
    expect(row()).toHaveTextContent('Error')
    expect(row()).not.toHaveTextContent('Task running')
    const refreshed = pluginRequests.length
    await advance(60_000)
    expect(pluginRequests).toHaveLength(refreshed)
    expect(taskRequests).toHaveLength(quiet + polls.length)
  })

  test('a cancelled install takes its row away; a refused one nobody saw refreshes nothing', async () => {
    const { user, latest } = renderApp()
    await advance(0)
    await user.click(screen.getByRole('button', { name: 'install hello' }))
    await advance(5_000)
    await act(() => client?.invalidateQueries({ queryKey: ['workspaces', 'default', 'plugins'] }))
    await advance(0)
    expect(screen.getByRole('row', { name: /Hello World/ })).toHaveTextContent('Task running')
    const taskId = latest()?.items[0]?.id
    const cancel = apiRequest(`${TASKS}/${taskId}/cancel`, { method: 'POST' })
    await advance(0)
    await cancel
    const cancelled = await untilNewestTaskSettles(latest)
    expect(cancelled.status).toBe('cancelled')
    await advance(0)
    expect(screen.queryByRole('row', { name: /Hello World/ })).not.toBeInTheDocument()
    expect(screen.getByText('No plugins installed yet')).toBeInTheDocument()

    // A package refused at verify, whose row no page ever showed: nothing to refresh.
    const before = pluginRequests.length
    await user.click(screen.getByRole('button', { name: 'install refused' }))
    await advance(0)
    const refused = await untilNewestTaskSettles(latest)
    expect(refused.items[0]).toMatchObject({ status: 'failed', step: 'verify' })
    await advance(0)
    expect(pluginRequests).toHaveLength(before)
  })
})
