import { RESYNC_EVENT, STREAM_EVENT_TYPES, type StreamEventType } from '#core/api/stream-events.ts'

/** `live`: events flow; `reconnecting`: the stream is down and the console works from polling meanwhile. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting'

export interface StreamConnectionOptions {
  url: string
  onEvent(type: StreamEventType | typeof RESYNC_EVENT, data: unknown): void
  onStatus(status: StreamStatus): void
  /** The EventSource to use (tests inject one; jsdom has none). */
  EventSource?: typeof EventSource
  /** First delay before reconnecting, doubled after each failure up to `maxDelayMs`. */
  initialDelayMs?: number
  maxDelayMs?: number
  random?: () => number
}

const LISTENED = [...STREAM_EVENT_TYPES, RESYNC_EVENT] as const

/**
 * Keeps one workspace stream open: on any error it closes the connection and opens a new one after
 * a backoff with jitter, resuming from the last event it saw (the server replays what was missed,
 * or answers resync). The browser's own retry is not used: it retries at a fixed pace forever.
 * Returns the function that closes it for good; without EventSource it does nothing.
 */
export function connectStream(options: StreamConnectionOptions): () => void {
  const Source = options.EventSource ?? globalThis.EventSource
  if (!Source) return () => {}
  const initial = options.initialDelayMs ?? 1_000
  const max = options.maxDelayMs ?? 30_000
  const random = options.random ?? Math.random
  let source: EventSource | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastEventId: string | null = null
  let failures = 0
  let closed = false

  function open(): void {
    const url = lastEventId ? `${options.url}?lastEventId=${encodeURIComponent(lastEventId)}` : options.url
    const current = new Source(url, { withCredentials: true })
    source = current
    current.onopen = () => {
      failures = 0
      options.onStatus('live')
    }
    current.onerror = () => {
      current.close()
      if (closed || source !== current) return
      options.onStatus('reconnecting')
      const delay = Math.min(max, initial * 2 ** failures) * (0.5 + random() / 2)
      failures++
      timer = setTimeout(open, delay)
    }
    for (const type of LISTENED) {
      current.addEventListener(type, (event) => {
        const message = event as MessageEvent<string>
        if (message.lastEventId) lastEventId = message.lastEventId
        let data: unknown
        try {
          data = JSON.parse(message.data)
        } catch {
          return // not ours to act on
        }
        options.onEvent(type, data)
      })
    }
  }

  options.onStatus('connecting')
  open()
  return () => {
    closed = true
    if (timer) clearTimeout(timer)
    source?.close()
  }
}
