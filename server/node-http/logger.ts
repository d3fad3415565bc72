import type { LogLevel } from '#server/wiring/server-config.ts'
import { createLogSink } from './log-sink.ts'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Structured logs: one JSON object per line on stdout (errors on stderr), written in batches. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(level: LogLevel, write = defaultWrite): Logger {
  const log =
    (at: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (RANK[at] < RANK[level]) return
      write(at, JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields }))
    }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

let sinks: { out: ReturnType<typeof createLogSink>; err: ReturnType<typeof createLogSink> } | undefined

/** stdout and stderr, batched off the request path; flushed when the process exits. */
function defaultWrite(level: LogLevel, line: string): void {
  if (!sinks) {
    const created = { out: createLogSink(1), err: createLogSink(2) }
    process.on('exit', () => {
      created.out.flushSync()
      created.err.flushSync()
    })
    sinks = created
  }
  if (level === 'error') sinks.err.line(line)
  else sinks.out.line(line)
}

/** An error as log fields: message and stack, never the whole object graph. */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) }
}
