import { describe, expect, test } from 'vitest'
import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import type { Clock } from '#server/app/ports.ts'
import { createLogBatcher } from './log-batcher.ts'

/** A clock whose sleeps end only when the test says the window has passed. */
function manualClock() {
  const sleepers: (() => void)[] = []
  const clock: Clock = {
    now: () => new Date('2026-01-01T00:00:00Z'),
    sleep: () => new Promise<void>((resolve) => sleepers.push(resolve)),
  }
  const pass = async () => {
    for (const wake of sleepers.splice(0)) wake()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { clock, pass }
}

function batcher(bounds = {}) {
  const { clock, pass } = manualClock()
  const events: (Omit<RuntimeStreamEvent, 'pluginId'> & { pluginId: string })[] = []
  const logs = createLogBatcher({
    clock,
    publish: (_ws, pluginId, event) => events.push({ pluginId, ...event }),
    bounds,
  })
  return { logs, events, pass }
}

describe('the log batcher', () => {
  test("a quiet plugin's line goes out at once; what follows in the window goes out together", async () => {
    const { logs, events, pass } = batcher()
    logs.add('ws', 'p1', 'first')
    expect(events).toEqual([expect.objectContaining({ pluginId: 'p1', kind: 'log', message: 'first' })])
    logs.add('ws', 'p1', 'second\nthird')
    logs.add('ws', 'p1', 'fourth\n')
    expect(events).toHaveLength(1)
    await pass()
    expect(events.map((e) => e.message)).toEqual(['first', 'second\nthird\nfourth'])
    await pass() // an empty window ends it: the next line is news again
    logs.add('ws', 'p1', 'later')
    expect(events.map((e) => e.message).at(-1)).toBe('later')
  })

  test('each plugin has its own window', () => {
    const { logs, events } = batcher()
    logs.add('ws', 'p1', 'one')
    logs.add('ws', 'p2', 'two')
    expect(events.map((e) => [e.pluginId, e.message])).toEqual([
      ['p1', 'one'],
      ['p2', 'two'],
    ])
  })

  test('a window carries at most maxLines lines and maxChars characters; the rest is counted as dropped', async () => {
    const { logs, events, pass } = batcher({ maxLines: 3, maxChars: 15 })
    logs.add('ws', 'p1', 'opening')
    for (let i = 0; i < 10; i++) logs.add('ws', 'p1', `line ${i}`)
    await pass()
    expect(events[1]).toMatchObject({ message: 'line 0\nline 1', dropped: 8 })
    expect(events).toHaveLength(2)
    for (let i = 0; i < 10; i++) logs.add('ws', 'p1', `${i}`)
    await pass()
    expect(events[2]).toMatchObject({ message: '0\n1\n2', dropped: 7 })
  })
})
