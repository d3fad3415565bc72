import { expect } from 'vitest'

export interface SseEvent {
  event: string
  id: string | null
  data: unknown
}

/**
 * Reads a Server-Sent Events response as it arrives: `next(match)` resolves with the first event
 * (not yet taken) that matches, `comments` counts comment lines, `ended` resolves when the server
 * closes the stream. `close()` cancels it like a browser leaving the page.
 */
export function readSse(response: Response) {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let comments = 0
  let buffer = ''
  const waiter: { wake: (() => void) | null } = { wake: null }
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      let end = buffer.indexOf('\n\n')
      while (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf('\n\n')
        if (block.startsWith(':')) comments++
        else events.push(parseBlock(block))
      }
      waiter.wake?.()
    }
    waiter.wake?.()
  })()
  let done = false
  void ended.then(() => {
    done = true
  })

  return {
    events,
    ended,
    get comments() {
      return comments
    },
    async next(match: (event: SseEvent) => boolean, timeoutMs = 5_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const index = events.findIndex(match)
        if (index >= 0) return events.splice(index, 1)[0] as SseEvent
        if (done) throw new Error('the stream ended before the event came')
        const remaining = deadline - Date.now()
        if (remaining <= 0) throw new Error(`no such event within ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining)
          waiter.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    },
    close: () => reader.cancel(),
  }
}

function parseBlock(block: string): SseEvent {
  let event = 'message'
  let id: string | null = null
  const data: string[] = []
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':')
    const field = line.slice(0, colon)
    const value = line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'id') id = value
    else if (field === 'data') data.push(value)
  }
  return { event, id, data: JSON.parse(data.join('\n') || 'null') }
}
