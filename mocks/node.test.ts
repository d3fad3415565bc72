import { afterEach, expect, test, vi } from 'vitest'
import { createMockServer } from './node.ts'
import { DEFAULT_WORKSPACE_ID } from './scenarios.ts'

afterEach(() => {
  vi.useRealTimers()
})

test('createMockServer answers /api requests with the seeded scenario through msw/node', async () => {
  const { server, deps } = await createMockServer({ scenario: 'demo', stepMs: 5 })
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const response = await fetch(
      `http://localhost/api/workspaces/${DEFAULT_WORKSPACE_ID}/plugins?status=error`,
    )
    expect(response.status).toBe(200)
    expect((await response.json()).items.map((plugin: { pluginId: string }) => plugin.pluginId)).toEqual([
      'acme/broken-loader',
    ])
    const missing = await fetch('http://localhost/api/nothing')
    expect(missing.status).toBe(404)
    expect((await deps.store.listTasks(DEFAULT_WORKSPACE_ID, { page: 1, pageSize: 50 })).total).toBe(2)
  } finally {
    server.close()
  }
})

test('seeding needs no timers, so it works under fake timers too', async () => {
  vi.useFakeTimers()
  const { deps } = await createMockServer({ scenario: 'demo' })
  expect(
    (await deps.store.listPlugins(DEFAULT_WORKSPACE_ID, { page: 1, pageSize: 50, sort: 'name' })).total,
  ).toBe(5)
})
