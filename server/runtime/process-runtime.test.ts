import { describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { eventually, failureOf, isAlive, runtimeFixture, WS } from './runtime.test-helpers.ts'

const { setup, spawned } = runtimeFixture()

describe('loading a plugin', () => {
  test('a healthy plugin loads every module, answers its tools, and its worker is gone after stop', async () => {
    const { runtime, install, steps } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    const result = await runtime.start(ctx)
    expect(result).toEqual({
      health: 'healthy',
      modules: [
        { id: 'greeter', name: 'Greeter', type: 'service', status: 'running', error: null },
        { id: 'clock', name: 'Clock', type: 'background', status: 'running', error: null },
      ],
    })
    expect(steps.map((s) => s.step)).toEqual([
      'download',
      'verify',
      'extract',
      'verify',
      'register',
      'start',
      'load',
    ])
    expect(await runtime.call(WS, ctx.plugin.id, 'greet', { name: 'Ada' })).toEqual({
      message: 'Hello, Ada!',
      locale: 'en',
      tokenSet: false,
      version: '1.0.0',
    })
    const info = runtime.info(WS, ctx.plugin.id)
    expect(info).toMatchObject({ restarts: { consecutive: 0, total: 0 }, pendingCalls: 0, lastCrash: null })
    const pid = info?.pid ?? 0
    expect(isAlive(pid)).toBe(true)
    expect(info?.memoryRss).toBeGreaterThan(1_000_000)
    await runtime.stop(ctx)
    expect(isAlive(pid)).toBe(false)
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
    expect(runtime.logs(WS, ctx.plugin.id)).toMatch(
      /greeter ready with greeting "Hello"[\s\S]*greeter stopped/,
    )
    await runtime.stop(ctx) // stopping a stopped plugin succeeds
  })

  test('a module that throws in onLoad is stopped with its error; the plugin runs degraded', async () => {
    const { runtime, install } = await setup()
    const ctx = await install('plugboard/module-error', '1.0.0')
    const result = await runtime.start(ctx)
    expect(result.health).toBe('degraded')
    expect(result.modules).toEqual([
      { id: 'api', name: 'API', type: 'service', status: 'running', error: null },
      {
        id: 'storage',
        name: 'Storage',
        type: 'service',
        status: 'stopped',
        error: 'Error: storage unavailable: connect ECONNREFUSED 127.0.0.1:5432',
      },
    ])
    expect(runtime.info(WS, ctx.plugin.id)?.pid).toBeGreaterThan(0)
  })

  test('a load that never finishes fails the start with TIMEOUT and the log tail, and the worker is killed', async () => {
    const loadMs = scaled(300)
    const { runtime, install } = await setup({ timeouts: { loadMs } })
    const ctx = await install('plugboard/never-loads', '1.0.0')
    const started = Date.now()
    const failure = await failureOf(runtime.start(ctx))
    expect(Date.now() - started).toBeLessThan(scaled(2_000))
    expect(failure).toMatchObject({
      step: 'load',
      code: 'TIMEOUT',
      message: `the plugin did not load within ${loadMs} ms`,
    })
    expect(failure.detail).toMatch(/waiting for a dependency that never comes/)
    const pid = spawned.at(-1) ?? 0
    expect(pid).toBeGreaterThan(0)
    expect(isAlive(pid)).toBe(false)
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
  })

  test('an onDestroy that hangs, with SIGTERM ignored, is ended by SIGKILL after the deadlines', async () => {
    const deadlineMs = scaled(200)
    const { runtime, install } = await setup({ timeouts: { destroyMs: deadlineMs, killGraceMs: deadlineMs } })
    const ctx = await install('plugboard/hang-on-destroy', '1.0.0')
    await runtime.start(ctx)
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    const started = Date.now()
    await runtime.stop(ctx)
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(2 * deadlineMs - 20) // timers may fire a little early
    expect(took).toBeLessThan(scaled(2_000))
    expect(isAlive(pid)).toBe(false)
    const log = runtime.logs(WS, ctx.plugin.id) ?? ''
    expect(log).toContain(`onDestroy did not finish: destroy did not answer within ${deadlineMs} ms`)
    expect(log).toMatch(new RegExp(`SIGTERM ignored[\\s\\S]*ignored SIGTERM for ${deadlineMs} ms: SIGKILL`))
  })

  test('cancelling a start kills the loading worker and fails with CANCELLED', async () => {
    const { runtime, install, ctx } = await setup({ timeouts: { loadMs: scaled(5_000) } })
    const installed = await install('plugboard/never-loads', '1.0.0')
    const controller = new AbortController()
    const starting = runtime.start(ctx(installed.plugin, controller.signal))
    await eventually(() => spawned.length > 0)
    controller.abort()
    const failure = await failureOf(starting)
    expect(failure).toMatchObject({ step: 'load', code: 'CANCELLED' })
    await eventually(() => !isAlive(spawned[0] ?? 0), 2_000)
  })

  test('a start cancelled before its worker began loading fails with CANCELLED at once', async () => {
    const { runtime, install, ctx } = await setup({ timeouts: { loadMs: scaled(5_000) } })
    const installed = await install('plugboard/never-loads', '1.0.0')
    const controller = new AbortController()
    controller.abort() // the cancel came between the load step's report and the worker's spawn
    const before = spawned.length
    const startedAt = Date.now()
    const failure = await failureOf(runtime.start(ctx(installed.plugin, controller.signal)))
    expect(failure).toMatchObject({ step: 'load', code: 'CANCELLED' })
    // Not at the load deadline: the worker is killed as soon as it is there.
    expect(Date.now() - startedAt).toBeLessThan(scaled(2_000))
    await eventually(() => spawned.slice(before).every((pid) => !isAlive(pid)), 2_000)
  })
})

describe('starts and stops of one plugin at the same time', () => {
  test('two starts leave one worker, and a stop sent while a start runs leaves none', async () => {
    const { runtime, install } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    const before = spawned.length
    const [first, second] = await Promise.all([runtime.start(ctx), runtime.start(ctx)])
    expect(first.health).toBe('healthy')
    expect(second.health).toBe('healthy')
    // The second start restarts the worker the first one started; no worker is left without its supervisor.
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    expect(spawned.slice(before).filter(isAlive)).toEqual([pid])
    await runtime.stop(ctx)
    expect(isAlive(pid)).toBe(false)

    const restarted = runtime.start(ctx)
    const stopped = runtime.stop(ctx)
    await Promise.allSettled([restarted, stopped])
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
    for (const worker of spawned.slice(before)) expect(isAlive(worker)).toBe(false)
  })
})
