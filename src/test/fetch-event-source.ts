/**
 * A small EventSource over fetch for jsdom, which has none: it reads a Server-Sent Events
 * response as it arrives (so the mock API's stream reaches the component under test) and fires
 * open, the named events and error (also when the stream ends) like a browser's.
 */
export class FetchEventSource extends EventTarget {
  static readonly instances: FetchEventSource[] = []
  readonly url: string
  onopen: ((event: Event) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  private readonly controller = new AbortController()
  private closed = false

  constructor(url: string | URL) {
    super()
    this.url = new URL(url, window.location.href).href
    FetchEventSource.instances.push(this)
    void this.run()
  }

  close(): void {
    this.closed = true
    this.controller.abort()
  }

  private fire(type: 'open' | 'error'): void {
    if (this.closed) return
    const event = new Event(type)
    this.dispatchEvent(event)
    ;(type === 'open' ? this.onopen : this.onerror)?.(event)
  }

  private async run(): Promise<void> {
    try {
      const response = await fetch(this.url, { signal: this.controller.signal })
      if (!response.ok || !response.body) return this.fire('error')
      this.fire('open')
      const reader = response.body.getReader()
      const decoder = new TextDecoder()
      let buffer = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          this.dispatchBlock(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
        }
      }
      this.fire('error')
    } catch {
      this.fire('error')
    }
  }

  private dispatchBlock(block: string): void {
    if (this.closed || block.startsWith(':')) return
    let type = 'message'
    let lastEventId = ''
    const data: string[] = []
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':')
      const value = line.slice(colon + 1).replace(/^ /, '')
      const field = line.slice(0, colon)
      if (field === 'event') type = value
      else if (field === 'id') lastEventId = value
      else if (field === 'data') data.push(value)
    }
    this.dispatchEvent(new MessageEvent(type, { data: data.join('\n'), lastEventId }))
  }
}
