import { afterEach, expect, test, vi } from 'vitest'
import { createLogger } from '#server/node-http/logger.ts'
import { type StopParts, stopServer } from './server-stop.ts'

afterEach(() => {
  vi.useRealTimers()
})

const DEADLINE = 10_000
const never = new Promise<void>(() => {})

/** Stop parts that record what was called when (fake time), each step as the test wants it. */
function parts(options: { drain: () => Promise<void>; shutdown: (deadline: AbortSignal) => Promise<void> }) {
  const calls: string[] = []
  const at = (name: string) => calls.push(`${name}@${Date.now() - start}`)
  const start = Date.now()
  const stop: StopParts = {
    logger: createLogger('error', () => {}),
    deadlineMs: DEADLINE,
    closeIntake: () => at('closeIntake'),
    runner: {
      drain: () => {
        at('drain')
        return options.drain()
      },
      interrupt: async () => {
        at('interrupt')
        return { interrupted: 1, resumeLater: 0 }
      },
    },
    runtime: {
      beginShutdown: () => at('beginShutdown'),
      shutdown: (deadline) => {
        at('shutdown')
        deadline.addEventListener('abort', () => at('kill'))
        return options.shutdown(deadline)
      },
    },
    closeDb: async () => {
      at('closeDb')
    },
  }
  return { stop, calls }
}

test('steps that end in time are not interrupted; workers then stop with the rest of the deadline', async () => {
  vi.useFakeTimers()
  const { stop, calls } = parts({
    drain: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
    shutdown: () => new Promise((resolve) => setTimeout(resolve, 2_000)),
  })
  const done = stopServer(stop)
  await vi.runAllTimersAsync()
  expect(await done).toBe(true)
  expect(calls).toEqual(['closeIntake@0', 'beginShutdown@0', 'drain@0', 'shutdown@1000', 'closeDb@3000'])
})

test('steps still running at half the deadline are interrupted, and workers left are killed before it', async () => {
  vi.useFakeTimers()
  const { stop, calls } = parts({
    drain: () => never,
    // Workers that only stop when killed.
    shutdown: (deadline) => new Promise((resolve) => deadline.addEventListener('abort', () => resolve())),
  })
  const done = stopServer(stop)
  await vi.runAllTimersAsync()
  expect(await done).toBe(true)
  expect(calls).toEqual([
    'closeIntake@0',
    'beginShutdown@0',
    'drain@0',
    'interrupt@5000',
    'shutdown@5000',
    'kill@9000',
    'closeDb@9000',
  ])
})

test('a runtime that does not stop even when killed cannot hold the stop past its deadline', async () => {
  vi.useFakeTimers()
  const { stop, calls } = parts({ drain: () => never, shutdown: () => never })
  const done = stopServer(stop)
  await vi.runAllTimersAsync()
  expect(await done).toBe(false)
  const closedAt = Number(calls.find((call) => call.startsWith('closeDb@'))?.split('@')[1])
  expect(closedAt).toBeLessThanOrEqual(DEADLINE)
})
