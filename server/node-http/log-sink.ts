import { write, writeSync } from 'node:fs'

/**
 * Lines for one file descriptor, written in batches off the request path: a line joins a buffer,
 * and the buffer goes out in one asynchronous write after the current turn of the event loop
 * (Node writes to a pipe synchronously otherwise, so a slow reader of the log would stall every
 * request). What is still buffered when the process exits is written synchronously then.
 */
export function createLogSink(fd: number): { line(text: string): void; flushSync(): void } {
  let buffer: string[] = []
  let writing = false
  let scheduled = false

  const flush = () => {
    scheduled = false
    if (writing || buffer.length === 0) return
    const chunk = `${buffer.join('\n')}\n`
    buffer = []
    writing = true
    write(fd, chunk, null, 'utf8', () => {
      writing = false
      if (buffer.length > 0) schedule()
    })
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  return {
    line(text) {
      buffer.push(text)
      schedule()
    },
    flushSync() {
      if (buffer.length === 0) return
      const chunk = `${buffer.join('\n')}\n`
      buffer = []
      try {
        writeSync(fd, chunk)
      } catch {
        // The reader is gone (a closed pipe): nothing left to tell.
      }
    },
  }
}
