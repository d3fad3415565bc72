import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createLogSink } from './log-sink.ts'

const dir = mkdtempSync(join(tmpdir(), 'plugboard-log-sink-'))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

test('lines leave after the current turn, in order, and what is left is written by flushSync', async () => {
  const file = join(dir, 'log')
  const fd = openSync(file, 'w')
  try {
    const sink = createLogSink(fd)
    sink.line('{"n":1}')
    sink.line('{"n":2}')
    expect(readFileSync(file, 'utf8')).toBe('') // nothing written on the caller's turn
    for (let i = 0; i < 50 && readFileSync(file, 'utf8') === ''; i++) await settle()
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    sink.line('{"n":3}')
    sink.flushSync()
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
  } finally {
    closeSync(fd)
  }
})
