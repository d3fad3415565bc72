import { afterEach, expect, test, vi } from 'vitest'
import type { FeedEvent } from '#server/app/events/change-feed.ts'
import { createUpdateService } from '#server/app/services/update-service.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { DEMO_PLUGINS } from '#server/simulated/demo-catalog-data.ts'
import { setupTestApp, WS } from '../app.test-helpers.ts'
import { createUpdateChecker, runUpdateChecks, type UpdateCheckRound } from './update-checker.ts'

afterEach(() => {
  vi.useRealTimers()
})

const HOUR = 60 * 60_000

test('the hourly check pushes a newly published version to the workspace stream, once, without anybody asking', async () => {
  const catalog = structuredClone(DEMO_PLUGINS)
  const t = setupTestApp({ catalogPlugins: catalog })
  const { plugin } = await t.install('acme/metrics', '1.1.0')
  const events: FeedEvent[] = []
  t.deps.changes?.subscribe(WS, null, (event) => {
    if (event.type === 'updates.changed') events.push(event)
  })
  const rounds: (UpdateCheckRound | { error: unknown })[] = []
  const stop = new AbortController()
  const running = runUpdateChecks(
    t.deps,
    createUpdateService(t.deps, taskRunnerFor(t.deps)),
    stop.signal,
    (round) => rounds.push(round),
    HOUR,
  )
  const nextRound = async (count: number) => {
    while (rounds.length < count) await vi.advanceTimersByTimeAsync(1_000)
    return rounds[count - 1]
  }
  try {
    // Nothing newer than the installed 1.1.0: no news.
    expect(await nextRound(1)).toEqual({ checked: 1, changed: [], failed: [] })

    // 1.2.0 is published to the source; nobody opens the Updates page.
    const metrics = catalog.find((candidate) => candidate.entry.pluginId === 'acme/metrics')
    metrics?.entry.versions.unshift({
      version: '1.2.0',
      capabilities: ['metrics:write'],
      minHostVersion: '1.0.0',
      publishedAt: '2026-03-01T11:00:00.000Z',
      changelog: 'Faster exports.',
    })
    await vi.advanceTimersByTimeAsync(HOUR / 2)
    expect(rounds).toHaveLength(1) // the check keeps its interval
    expect(await nextRound(2)).toEqual({ checked: 1, changed: [WS], failed: [] })
    expect(events.map((event) => event.data)).toEqual([
      { available: [{ pluginId: plugin?.id, version: '1.2.0' }] },
    ])

    // The same finding an hour later is not pushed again.
    expect(await nextRound(3)).toEqual({ checked: 1, changed: [], failed: [] })
    expect(events).toHaveLength(1)
  } finally {
    stop.abort()
    await running
  }
})

test("GET /updates tells when the background check last ran, and a failed source's error", async () => {
  const registry = { plugins: DEMO_PLUGINS.slice(0, 1), down: false }
  const t = setupTestApp({ registries: { 'https://corp.registry.test': registry } })
  const source = await t.json(t.post('/sources', { name: 'Corp', url: 'https://corp.registry.test' }))
  await t.post('/installs', {
    items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0', sourceId: source.id }],
  })
  await t.settle()
  // Before the first round, nothing says the list is current.
  expect((await t.json(t.get('/updates'))).lastCheck).toBeNull()
  const checker = createUpdateChecker(t.deps, createUpdateService(t.deps, taskRunnerFor(t.deps)))
  await checker.round()
  const checkedAt = t.deps.clock.now().toISOString()
  expect((await t.json(t.get('/updates'))).lastCheck).toEqual({ at: checkedAt, error: null })

  registry.down = true
  await t.advance(HOUR)
  await checker.round()
  expect((await t.json(t.get('/updates'))).lastCheck).toEqual({
    at: t.deps.clock.now().toISOString(),
    error: expect.stringMatching(/^Corp: the registry could not be reached/),
  })
})
