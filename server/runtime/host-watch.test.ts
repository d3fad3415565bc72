import { expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { eventually, isAlive, runtimeFixture, WS } from './runtime.test-helpers.ts'

const { setup } = runtimeFixture()

/** Holds this process's event loop, as a SIGSTOP or a frozen machine would: no beat goes out. */
function freeze(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

test('a worker stops itself once its host goes silent, and a host without its lease starts none again', async () => {
  const silenceMs = scaled(500)
  let leaseHeld = true
  const { runtime, install, events } = await setup({
    cluster: { watch: { silenceMs, selfStopMs: scaled(200) }, mayRun: () => leaseHeld },
  })
  const ctx = await install('plugboard/hello', '1.0.0')
  await runtime.start(ctx)
  const pid = runtime.info(WS, ctx.plugin.id)?.pid as number
  expect(isAlive(pid)).toBe(true)
  // A pause shorter than the bound: the beats resume in time and the worker keeps running (an
  // absence has no event to wait for, so this one is a window of twice the bound).
  freeze(silenceMs / 3)
  await new Promise((resolve) => setTimeout(resolve, silenceMs * 2))
  expect(isAlive(pid)).toBe(true)
  // A pause past it, after which the node finds it lost its lease.
  leaseHeld = false
  freeze(silenceMs * 3)
  await eventually(() => !isAlive(pid), 5_000)
  await eventually(() => events.some((entry) => entry.event.type === 'crash'))
  const crash = events.find((entry) => entry.event.type === 'crash')?.event
  expect(crash).toMatchObject({ reason: expect.stringMatching(/exit code 75/) })
  expect(runtime.logs(WS, ctx.plugin.id)).toMatch(
    /the host has not answered for \d+ ms: the worker stops itself/,
  )
  // Its restart is refused: no worker runs without the lease.
  await eventually(() =>
    /not restarted: this node no longer holds its lease/.test(runtime.logs(WS, ctx.plugin.id) ?? ''),
  )
  expect(events.filter((entry) => entry.event.type === 'spawned')).toHaveLength(1)
  expect(runtime.info(WS, ctx.plugin.id)?.pid).toBeNull()
})
