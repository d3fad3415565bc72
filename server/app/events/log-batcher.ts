import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import type { Clock } from '#server/app/ports.ts'

/** The bounds of the live log: at most one event per plugin per window, each of bounded size. */
export const LOG_BATCH = { windowMs: 250, maxLines: 50, maxChars: 8_000 } as const

type LogEvent = Omit<RuntimeStreamEvent, 'pluginId'>

interface Window {
  workspaceId: string
  pluginId: string
  lines: string[]
  chars: number
  dropped: number
}

interface LogBatcherOptions {
  clock: Clock
  publish(workspaceId: string, pluginId: string, event: LogEvent): void
  bounds?: Partial<typeof LOG_BATCH>
}

/**
 * Turns a worker's log lines into `runtime` events of kind `log`: the first lines of a quiet plugin
 * go out at once, what follows within the window goes out together when it closes. A chatty plugin
 * thus costs the stream at most one event per window; lines past an event's bounds are counted in
 * `dropped` (they stay in the plugin's log file and tail).
 */
export function createLogBatcher(options: LogBatcherOptions) {
  const bounds = { ...LOG_BATCH, ...options.bounds }
  const windows = new Map<string, Window>()

  const take = (window: Window, lines: string[]) => {
    for (const line of lines) {
      const fits = window.lines.length < bounds.maxLines && window.chars + line.length <= bounds.maxChars
      if (fits) {
        window.lines.push(line)
        window.chars += line.length + 1
      } else window.dropped++
    }
  }

  const emit = (window: Window) => {
    const event: LogEvent = {
      kind: 'log',
      at: options.clock.now().toISOString(),
      message: window.lines.join('\n'),
      ...(window.dropped > 0 ? { dropped: window.dropped } : {}),
    }
    window.lines = []
    window.chars = 0
    window.dropped = 0
    options.publish(window.workspaceId, window.pluginId, event)
  }

  /** Closes a window: what it gathered goes out and opens the next one; an empty window ends. */
  const close = (key: string, window: Window) => {
    if (window.lines.length === 0 && window.dropped === 0) {
      windows.delete(key)
      return
    }
    emit(window)
    schedule(key, window)
  }

  const schedule = (key: string, window: Window) => {
    void options.clock.sleep(bounds.windowMs).then(() => close(key, window))
  }

  return {
    /** One or more lines (newline-separated) the plugin's worker wrote. */
    add(workspaceId: string, pluginId: string, text: string): void {
      const lines = text.split('\n')
      if (lines.at(-1) === '') lines.pop()
      if (lines.length === 0) return
      const key = `${workspaceId}\u0000${pluginId}`
      const open = windows.get(key)
      if (open) {
        take(open, lines)
        return
      }
      const window: Window = { workspaceId, pluginId, lines: [], chars: 0, dropped: 0 }
      windows.set(key, window)
      take(window, lines)
      emit(window)
      schedule(key, window)
    },
  }
}
