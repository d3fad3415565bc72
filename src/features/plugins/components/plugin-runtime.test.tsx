import { screen, within } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { PluginDetail } from '#core/api/plugin-schemas.ts'
import { makePlugin } from '#src/test/fixtures.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { PluginDetailPage } from './plugin-detail-page.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'empty' })
})
afterEach(() => {
  api.server.close()
})

function serve(plugin: PluginDetail, checks: unknown[] = [], log = '') {
  api.server.use(
    http.get('*/api/workspaces/default/plugins/crashy', () => HttpResponse.json(plugin)),
    http.get('*/api/workspaces/default/plugins/crashy/health', () => HttpResponse.json({ items: checks })),
    http.get('*/api/workspaces/default/plugins/crashy/logs', () => HttpResponse.json({ text: log })),
    http.get('*/api/workspaces/default/plugins/crashy/events', () =>
      HttpResponse.json({ items: [], total: 0, page: 1, pageSize: 100 }),
    ),
  )
}

test('a crashed plugin shows its restarts, its last crash and a live countdown to the next restart', async () => {
  serve({
    ...makePlugin({ id: 'crashy', name: 'Crashy', status: 'ready', health: 'failed' }),
    pinned: false,
    modules: [
      { id: 'main', name: 'Main', type: 'worker', status: 'stopped', error: 'onLoad threw\n at main.js:3' },
    ],
    runtime: {
      pid: null,
      startedAt: null,
      memoryRss: null,
      restarts: { consecutive: 3, total: 7 },
      lastCrash: 'exit code 1: <script>alert(1)</script>\nstderr tail',
      nextRestartAt: new Date(Date.now() + 12_400).toISOString(),
      pendingCalls: 0,
    },
  })
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="crashy" />)
  const runtime = await screen.findByRole('region', { name: 'Runtime' })
  expect(runtime).toHaveTextContent('3 consecutive · 7 total')
  expect(within(runtime).getByRole('timer')).toHaveTextContent(/restarting in 1[12] s/)
  expect(runtime).toHaveTextContent('exit code 1: <script>alert(1)</script>')
  expect(document.querySelector('script')).toBeNull()
  const modules = screen.getByRole('region', { name: 'Modules' })
  expect(within(modules).getByRole('listitem', { name: 'Main' })).toHaveTextContent('stopped')
  expect(modules).toHaveTextContent('onLoad threw')
})

test('a running plugin shows pid, memory and a text summary of its health checks', async () => {
  const startedAt = Date.now() - 125_000
  serve(
    {
      ...makePlugin({ id: 'crashy', name: 'Crashy' }),
      pinned: false,
      runtime: {
        pid: 4242,
        startedAt: new Date(startedAt).toISOString(),
        memoryRss: 42 * 1024 * 1024,
        restarts: { consecutive: 0, total: 1 },
        lastCrash: null,
        nextRestartAt: null,
        pendingCalls: 2,
      },
    },
    [
      { at: '2026-11-22T00:00:00.000Z', status: 'healthy', message: null, durationMs: 10 },
      { at: '2026-11-22T00:00:30.000Z', status: 'unhealthy', message: 'timeout', durationMs: 5000 },
      { at: '2026-11-22T00:01:00.000Z', status: 'healthy', message: null, durationMs: 12 },
    ],
  )
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="crashy" />)
  const runtime = await screen.findByRole('region', { name: 'Runtime' })
  expect(runtime).toHaveTextContent('pid 4242')
  expect(runtime).toHaveTextContent('42.0 MB')
  // Up 2 min 5 s when the page was served, plus however long the (busy) machine took to show it.
  const uptime = Number(runtime.textContent?.match(/2 min (\d+) s/)?.[1])
  expect(uptime).toBeGreaterThanOrEqual(4)
  expect(uptime).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / 1000) - 120)
  expect(runtime).toHaveTextContent('none scheduled')
  const health = screen.getByRole('region', { name: 'Health checks' })
  expect(
    await within(health).findByText(/3 checks, 1 not healthy; median 12 ms; last healthy/),
  ).toBeInTheDocument()
})

const RUNNING = {
  pid: 4242,
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  memoryRss: 30_000_000,
  restarts: { consecutive: 0, total: 0 },
  lastCrash: null,
  nextRestartAt: null,
  pendingCalls: 0,
}

test('cluster mode: the Runtime panel names the node that runs the worker, with its pid', async () => {
  serve({
    ...makePlugin({ id: 'crashy', name: 'Crashy', status: 'ready', health: 'healthy' }),
    node: 'node-a',
    nodeStatus: { name: 'node-a', state: 'active', answering: true, heartbeatAgeMs: 1_200 },
    runtime: RUNNING,
    pinned: false,
  })
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="crashy" />)
  const runtime = await screen.findByRole('region', { name: 'Runtime' })
  expect(await within(runtime).findByText(/Running on/)).toHaveTextContent('Running on node-a · pid 4242')
})

test('cluster mode: a node that stopped answering reads as such, with how long ago, and the plugin moving', async () => {
  serve({
    ...makePlugin({ id: 'crashy', name: 'Crashy', status: 'ready', health: 'healthy' }),
    node: 'node-a',
    nodeStatus: { name: 'node-a', state: 'active', answering: false, heartbeatAgeMs: 12_300 },
    runtime: null,
    pinned: false,
  })
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="crashy" />)
  const runtime = await screen.findByRole('region', { name: 'Runtime' })
  expect(await within(runtime).findByRole('status')).toHaveTextContent(
    'node-a stopped answering 12 s ago — moving',
  )
  expect(runtime).not.toHaveTextContent('Running on')
})

test('cluster mode: a plugin on no node says so, and that it is moving while its failover task runs', async () => {
  serve({
    ...makePlugin({
      id: 'crashy',
      name: 'Crashy',
      status: 'ready',
      health: 'failed',
      activeTaskId: 'task_1',
    }),
    node: null,
    nodeStatus: null,
    runtime: null,
    pinned: false,
  })
  renderWithApp(<PluginDetailPage workspaceId="default" pluginId="crashy" />)
  const runtime = await screen.findByRole('region', { name: 'Runtime' })
  expect(await within(runtime).findByText(/Not running on any node/)).toHaveTextContent(
    'Not running on any node — moving to a live node.',
  )
})
