import { afterEach, describe, expect, test, vi } from 'vitest'
import { connectStream, type StreamStatus } from './stream-connection.ts'

/** An EventSource the test drives by hand. */
class HandSource extends EventTarget {
  static opened: HandSource[] = []
  readonly url: string
  closed = false
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(url: string) {
    super()
    this.url = url
    HandSource.opened.push(this)
  }
  close() {
    this.closed = true
  }
  push(type: string, id: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }))
  }
}

afterEach(() => {
  vi.useRealTimers()
  HandSource.opened = []
})

describe('connectStream', () => {
  test('reconnects after errors with growing delays, resuming from the last event seen', () => {
    vi.useFakeTimers()
    const statuses: StreamStatus[] = []
    const events: string[] = []
    const close = connectStream({
      url: '/api/workspaces/w/stream',
      onEvent: (type) => events.push(type),
      onStatus: (status) => statuses.push(status),
      EventSource: HandSource as unknown as typeof EventSource,
      random: () => 1,
    })
    const first = HandSource.opened[0] as HandSource
    first.onopen?.()
    first.push('task.created', 'e.7', { task: {} })
    expect(events).toEqual(['task.created'])
    first.onerror?.()
    expect(first.closed).toBe(true)
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting'])

    vi.advanceTimersByTime(999)
    expect(HandSource.opened).toHaveLength(1)
    vi.advanceTimersByTime(1)
    const second = HandSource.opened[1] as HandSource
    expect(second.url).toBe('/api/workspaces/w/stream?lastEventId=e.7')
    second.onerror?.() // failed again before it opened: the next wait is longer
    vi.advanceTimersByTime(1_999)
    expect(HandSource.opened).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(HandSource.opened).toHaveLength(3)

    close()
    expect(HandSource.opened[2]?.closed).toBe(true)
    HandSource.opened[2]?.onerror?.()
    vi.advanceTimersByTime(60_000)
    expect(HandSource.opened).toHaveLength(3)
  })
})
