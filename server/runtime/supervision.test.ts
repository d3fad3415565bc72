import { rename, rm, writeFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { eventually, isAlive, runtimeFixture, WS } from './runtime.test-helpers.ts'
import { backoffDelay, DEFAULT_SUPERVISION } from './runtime-options.ts'

const { setup } = runtimeFixture()

describe('supervision', () => {
  test('a plugin that keeps crashing is restarted with growing delays, then fails after 5 crashes', async () => {
    const supervision = {
      ...DEFAULT_SUPERVISION,
      backoffInitialMs: 60,
      backoffMaxMs: 10_000,
      backoffJitter: 0.25,
      maxConsecutiveCrashes: 5,
    }
    const { runtime, install, events, failures } = await setup({ supervision })
    const ctx = await install('plugboard/crashy', '1.0.0', { worker: { crashAfterMs: 30, exitCode: 7 } })
    await runtime.start(ctx)
    await eventually(() => failures.length > 0, 10_000)
    const mine = events.filter((e) => e.pluginId === ctx.plugin.id).map((e) => e.event)
    const delays = mine.flatMap((e) => (e.type === 'restart-scheduled' ? [e.delayMs] : []))
    expect(delays).toHaveLength(4)
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? 0)
    expect(mine.filter((e) => e.type === 'crash')).toHaveLength(5)
    expect(failures[0]?.pluginId).toBe(ctx.plugin.id)
    expect(failures[0]?.reason).toMatch(
      /^crashed 5 times in a row; last: the worker exited unexpectedly \(exit code 7\)/,
    )
    expect(failures[0]?.reason).toMatch(/fatal: giving up after 30 ms \(exit 7\)/)
    const info = runtime.info(WS, ctx.plugin.id)
    expect(info).toMatchObject({ pid: null, restarts: { consecutive: 5, total: 5 }, nextRestartAt: null })
    expect(info?.lastCrash).toMatch(/exit code 7/)
    // Not restarted again until someone acts: nothing happens for longer than a sixth restart
    // would have waited (an absence has no event to wait for, so this one is a window).
    const sixthRestartAtLatest = backoffDelay(5, supervision, () => 1)
    await new Promise((resolve) => setTimeout(resolve, sixthRestartAtLatest + 100))
    expect(mine.length).toBe(events.filter((e) => e.pluginId === ctx.plugin.id).length)
  })

  test('an unhealthy plugin is restarted, attempts grow, and they reset once it recovers', async () => {
    const { runtime, install, events, pluginDir } = await setup({
      health: {
        intervalMs: 40,
        timeoutMs: scaled(500),
        failureThreshold: 2,
        restartBackoffMs: 20,
        maxRestartAttempts: 3,
      },
      caps: { healthIntervalMs: 40 },
    })
    const ctx = await install('plugboard/flaky-health', '1.0.0', { probe: { flipEvery: 0 } })
    await runtime.start(ctx)
    const marker = `${pluginDir('plugboard/flaky-health')}/data/unhealthy`
    const healthRestarts = () =>
      events.flatMap((e) =>
        e.pluginId === ctx.plugin.id && e.event.type === 'health-restart' ? [e.event.attempt] : [],
      )
    await writeFile(marker, 'yes')
    await eventually(() => healthRestarts().length >= 2, 8_000)
    expect(healthRestarts().slice(0, 2)).toEqual([1, 2])
    await rm(marker)
    await eventually(() => runtime.healthHistory(WS, ctx.plugin.id).at(-1)?.status === 'healthy', 8_000)
    const healthEvents = events.flatMap((e) =>
      e.pluginId === ctx.plugin.id && e.event.type === 'health' ? [e.event.status] : [],
    )
    expect(healthEvents).toContain('recovering')
    await eventually(() => healthEvents.length > 0 && runtime.info(WS, ctx.plugin.id)?.pid != null)
    const before = healthRestarts().length
    await writeFile(marker, 'again')
    await eventually(() => healthRestarts().length > before, 8_000)
    expect(healthRestarts()[before]).toBe(1) // attempts were reset by the recovery
    const history = runtime.healthHistory(WS, ctx.plugin.id)
    expect(history.length).toBeGreaterThan(4)
    expect(
      history.some((h) => h.status === 'unhealthy' && h.message === 'forced unhealthy by the data directory'),
    ).toBe(true)
  })

  test('an unexpected exit fails the pending calls with the exit code and stderr tail, then restarts', async () => {
    const { runtime, install, events } = await setup()
    const ctx = await install('plugboard/sandbox-probe', '1.0.0')
    await runtime.start(ctx)
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    const call = runtime.call(WS, ctx.plugin.id, 'crash', { code: 9 })
    await expect(call).rejects.toMatchObject({
      message: 'the worker exited (exit code 9)',
      detail: expect.stringMatching(/probe: crashing on request/),
    })
    expect(isAlive(pid)).toBe(false)
    await eventually(() => events.some((e) => e.event.type === 'restarted'), 5_000)
    const info = runtime.info(WS, ctx.plugin.id)
    expect(info?.pid).not.toBe(pid)
    expect(info?.restarts).toEqual({ consecutive: 1, total: 1 })
    expect(info?.lastCrash).toMatch(/the worker exited unexpectedly \(exit code 9\)/)
    expect(await runtime.call(WS, ctx.plugin.id, 'pid')).toBe(info?.pid)
  })

  test('a restart that itself fails is rescheduled, not dropped, until one succeeds', async () => {
    const { runtime, install, events, pluginDir } = await setup()
    const ctx = await install('plugboard/sandbox-probe', '1.0.0')
    await runtime.start(ctx)
    const entry = `${pluginDir('plugboard/sandbox-probe')}/versions/1.0.0/index.mjs`
    await rename(entry, `${entry}.away`)
    await runtime.call(WS, ctx.plugin.id, 'crash').catch(() => {})
    const crashes = () => events.flatMap((e) => (e.event.type === 'crash' ? [e.event.reason] : []))
    await eventually(() => crashes().length >= 3, 5_000)
    expect(crashes()[1]).toMatch(/^the restart failed: the plugin failed to load: Cannot find module/)
    await rename(`${entry}.away`, entry)
    await eventually(() => events.some((e) => e.event.type === 'restarted'), 5_000)
    expect(runtime.info(WS, ctx.plugin.id)?.restarts.consecutive).toBeGreaterThanOrEqual(3)
    expect(await runtime.call(WS, ctx.plugin.id, 'pid')).toBe(runtime.info(WS, ctx.plugin.id)?.pid)
  })

  test('running stably for long enough resets the consecutive crash count', async () => {
    const { runtime, install, failures } = await setup({
      supervision: { backoffInitialMs: 30, stableAfterMs: 100, maxConsecutiveCrashes: 2 },
    })
    const ctx = await install('plugboard/crashy', '1.0.0', { worker: { crashAfterMs: 250 } })
    await runtime.start(ctx)
    await eventually(() => (runtime.info(WS, ctx.plugin.id)?.restarts.total ?? 0) >= 3, 5_000)
    expect(runtime.info(WS, ctx.plugin.id)?.restarts.consecutive).toBe(1)
    expect(failures).toEqual([])
  })
})
