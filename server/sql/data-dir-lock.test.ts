import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { lockDataDir } from './data-dir-lock.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

test('a data directory held by a live process is refused', () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'plugboard.pid'), String(process.ppid))
  expect(() => lockDataDir(dir)).toThrow(/in use by another Plugboard process/)
})

test('a lock left by a process that died is taken over, and released on close', () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'plugboard.pid'), '2147483646')
  const release = lockDataDir(dir)
  expect(existsSync(join(dir, 'plugboard.pid'))).toBe(true)
  release()
  expect(existsSync(join(dir, 'plugboard.pid'))).toBe(false)
})
