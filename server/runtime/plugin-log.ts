import { closeSync, createWriteStream, openSync, readSync, statSync, type WriteStream } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import { LOG_TAIL_CHARS } from './runtime-options.ts'

/** Bytes a log file may reach before it is rotated to `<file>.1`. */
const ROTATE_BYTES = 1024 * 1024
/** A line without its end yet is handed on once it is this long (a worker that never ends its line). */
const MAX_PARTIAL_LINE = 4_000

/**
 * A plugin's log: everything its worker writes, and what the supervisor says about it, appended to a
 * file (rotated at 1 MB, one old file kept) with the last 8 000 characters kept in memory.
 */
export class PluginLog {
  private tailText = ''
  private stream: WriteStream | null = null
  private bytes = 0
  private rotating: Promise<void> | null = null
  /** The start of a line whose end has not been written yet. */
  private partial = ''

  private readonly file: string
  private readonly onLines: ((lines: string) => void) | undefined

  /** `onLines` hears every complete line as it is written (several at once, newline-separated). */
  constructor(file: string, onLines?: (lines: string) => void) {
    this.file = file
    this.onLines = onLines
  }

  /** The last LOG_TAIL_CHARS characters. */
  tail(): string {
    return this.tailText
  }

  /** Appends raw worker output. */
  write(chunk: string): void {
    this.tailText = (this.tailText + chunk).slice(-LOG_TAIL_CHARS)
    this.bytes += Buffer.byteLength(chunk)
    this.open().write(chunk)
    if (this.bytes > ROTATE_BYTES && !this.rotating) this.rotating = this.rotate()
    if (this.onLines) this.handOn(chunk)
  }

  private handOn(chunk: string): void {
    const text = this.partial + chunk
    const end = text.lastIndexOf('\n')
    this.partial = end === -1 ? text : text.slice(end + 1)
    let complete = end === -1 ? '' : text.slice(0, end)
    if (this.partial.length >= MAX_PARTIAL_LINE) {
      complete = complete ? `${complete}\n${this.partial}` : this.partial
      this.partial = ''
    }
    if (end !== -1 || complete) this.onLines?.(complete)
  }

  /** Appends one line from the supervisor, marked as such. */
  note(line: string): void {
    this.write(`[plugboard ${new Date().toISOString()}] ${line}\n`)
  }

  async close(): Promise<void> {
    await this.rotating
    const stream = this.stream
    this.stream = null
    if (stream) await new Promise<void>((resolve) => stream.end(resolve))
  }

  private open(): WriteStream {
    if (!this.stream) {
      this.stream = createWriteStream(this.file, { flags: 'a' })
      this.stream.on('error', () => {}) // a log that cannot be written must not crash the host
    }
    return this.stream
  }

  private async rotate(): Promise<void> {
    const stream = this.stream
    this.stream = null
    if (stream) await new Promise<void>((resolve) => stream.end(resolve))
    await rename(this.file, `${this.file}.1`).catch(() => {})
    this.bytes = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    )
    this.rotating = null
  }
}

/** The last LOG_TAIL_CHARS of a log file written by an earlier run, or null when there is none. */
export function readLogTail(file: string): string | null {
  try {
    const size = statSync(file).size
    const length = Math.min(size, LOG_TAIL_CHARS * 4)
    const buffer = Buffer.alloc(length)
    const fd = openSync(file, 'r')
    try {
      readSync(fd, buffer, 0, length, size - length)
    } finally {
      closeSync(fd)
    }
    return buffer.toString('utf8').slice(-LOG_TAIL_CHARS)
  } catch {
    return null
  }
}
