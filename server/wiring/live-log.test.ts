import { describe, expect, test } from 'vitest'
import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import { LOG_BATCH } from '#server/app/events/log-batcher.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import { publishingStore } from '#server/app/events/publishing-store.ts'
import { createSupervisionService, supervisionReports } from '#server/app/services/supervision-service.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { eventually, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'
import { processRuntimeCallbacks } from './runtime-store-sync.ts'

const { setup } = runtimeFixture()

/** A process runtime wired to the change feed as the server wires it; `logs` are the log events heard. */
async function liveRuntime() {
  const changes = createMemoryChangeFeed()
  const store = publishingStore(createMemoryStore(), changes)
  const clock = createSystemClock()
  const supervision = createSupervisionService({ store, clock, changes })
  const callbacks = processRuntimeCallbacks(supervisionReports(supervision), () => clock.now())
  const logs: (RuntimeStreamEvent & { heardAt: number })[] = []
  changes.subscribe(WS, null, (event) => {
    if (event.type === 'runtime' && event.data.kind === 'log')
      logs.push({ ...event.data, heardAt: Date.now() })
  })
  const env = await setup(callbacks)
  return { ...env, logs }
}

describe('the live log of real workers', () => {
  test("a worker's log lines reach the change feed as they are written", async () => {
    const { runtime, install, logs } = await liveRuntime()
    const ctx = await install('plugboard/chatty', '1.0.0', { ticker: { tickMs: 100 } })
    await runtime.start(ctx)
    await eventually(() => logs.some((event) => /^tick 3$/m.test(event.message ?? '')), 5_000)
    expect(logs.every((event) => event.pluginId === ctx.plugin.id)).toBe(true)
    // The supervisor's own lines are part of the log, and so of the stream.
    expect(logs.some((event) => /worker \d+ ready/.test(event.message ?? ''))).toBe(true)
  })

  test('a chatty worker costs the stream at most one bounded event per window', async () => {
    const { runtime, install, logs } = await liveRuntime()
    const ctx = await install('plugboard/chatty', '1.0.0', { ticker: { tickMs: 600_000 } })
    await runtime.start(ctx)
    await eventually(() => logs.some((event) => /ready/.test(event.message ?? '')))
    const before = logs.length
    await runtime.call(WS, ctx.plugin.id, 'burst', { count: 20_000 })
    const lines = (event: RuntimeStreamEvent) => (event.message ?? '').split('\n').length
    const told = () => logs.slice(before).reduce((sum, e) => sum + lines(e) + (e.dropped ?? 0), 0)
    // Every line is accounted for: carried by an event, or counted as left out.
    await eventually(() => told() >= 20_000, 10_000)
    const burst = logs.slice(before)
    expect(burst.some((event) => (event.dropped ?? 0) > 0)).toBe(true)
    const span = (burst.at(-1)?.heardAt ?? 0) - (burst[0]?.heardAt ?? 0)
    expect(burst.length).toBeLessThanOrEqual(Math.floor(span / LOG_BATCH.windowMs) + 2)
    for (const event of burst) {
      expect(lines(event)).toBeLessThanOrEqual(LOG_BATCH.maxLines)
      expect((event.message ?? '').length).toBeLessThanOrEqual(LOG_BATCH.maxChars)
    }
    // Nothing is lost from the log itself: the tail ends with the burst's last line.
    expect(runtime.logs(WS, ctx.plugin.id)).toMatch(/burst line 20000 of 20000\n$/)
  })
})
