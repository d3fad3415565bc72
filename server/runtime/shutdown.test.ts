import { describe, expect, test } from 'vitest'
import { procStatFields } from '#server/node-process/process-identity.ts'
import { eventually, failureOf, isAlive, runtimeFixture, WS } from './runtime.test-helpers.ts'

// Deadlines of this file are multiplied by it on a slow or busy machine.
const TIME_FACTOR = Number(process.env.PLUGBOARD_TEST_TIME_FACTOR ?? 1)

const { setup, spawned } = runtimeFixture()

const processGroupOf = (pid: number) => Number(procStatFields(pid)?.[2])

describe('server shutdown', () => {
  test('every worker leads its own process group, so a signal to the host group does not reach it', async () => {
    const { runtime, install } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    await runtime.start(ctx)
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    expect(processGroupOf(pid)).toBe(pid)
    expect(processGroupOf(pid)).not.toBe(processGroupOf(process.pid))
  })

  test('once the shutdown began, a worker that exits is not counted as a crash nor restarted', async () => {
    const { runtime, install, events } = await setup()
    const ctx = await install('plugboard/sandbox-probe', '1.0.0')
    await runtime.start(ctx)
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    runtime.beginShutdown()
    await expect(runtime.call(WS, ctx.plugin.id, 'crash', { code: 9 })).rejects.toMatchObject({
      message: 'the worker exited (exit code 9)',
    })
    await eventually(() => /exited while the server was stopping/.test(runtime.logs(WS, ctx.plugin.id) ?? ''))
    const after = events.map((e) => e.event.type)
    expect(after).not.toContain('crash')
    expect(after).not.toContain('restart-scheduled')
    expect(spawned).toEqual([pid])
    expect(runtime.info(WS, ctx.plugin.id)).toMatchObject({ pid: null, restarts: { total: 0 } })
  })

  test('a step may still start a worker while running steps drain; after stopAll no start is accepted', async () => {
    const { runtime, install } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    runtime.beginShutdown()
    await runtime.start(ctx)
    await runtime.stopAll()
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
    expect(await failureOf(runtime.start(ctx))).toMatchObject({ step: 'start', code: 'INTERRUPTED' })
  })

  test('stopAll stops the last started first with onDestroy and kills whatever is left at its deadline', async () => {
    // onDestroy may take 60 s and SIGTERM 5 s more: only the deadline ends the hanging one.
    const { runtime, install } = await setup({ timeouts: { destroyMs: 60_000, killGraceMs: 5_000 } })
    const hanging = await install('plugboard/hang-on-destroy', '1.0.0')
    await runtime.start(hanging)
    const hello = await install('plugboard/hello', '1.0.0')
    await runtime.start(hello)
    const loading = await install('plugboard/never-loads', '1.0.0')
    const load = failureOf(runtime.start(loading))
    await eventually(() => spawned.length === 3, 5_000 * TIME_FACTOR)
    const pids = [...spawned]

    const deadlineMs = 500 * TIME_FACTOR
    const started = performance.now()
    await runtime.stopAll(AbortSignal.timeout(deadlineMs))
    const took = performance.now() - started

    expect(took).toBeGreaterThanOrEqual(deadlineMs - 50)
    expect(took).toBeLessThan(deadlineMs + 2_000 * TIME_FACTOR)
    for (const pid of pids) expect(isAlive(pid)).toBe(false)
    // hello started after hang-on-destroy, so it stopped first, cleanly, before the deadline.
    expect(runtime.logs(WS, hello.plugin.id)).toMatch(/greeter stopped/)
    expect(runtime.logs(WS, hanging.plugin.id)).toMatch(/cleaning up forever/)
    expect(await load).toMatchObject({ step: 'load', code: 'CANCELLED' })
  })
})
