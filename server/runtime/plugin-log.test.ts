import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { PluginLog } from './plugin-log.ts'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

test('the log hands on complete lines only, however the output is cut into chunks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-log-'))
  dirs.push(dir)
  const heard: string[] = []
  const log = new PluginLog(join(dir, 'worker.log'), (lines) => heard.push(lines))
  log.write('hel')
  log.write('lo\nwor')
  log.write('ld\nand\nmore')
  expect(heard).toEqual(['hello', 'world\nand'])
  log.write(`${'x'.repeat(5_000)}`) // a line that never ends is handed on once it is long
  expect(heard.at(-1)).toBe(`more${'x'.repeat(5_000)}`)
  expect(log.tail()).toMatch(/^hello\nworld\nand\nmorex+$/)
  await log.close()
})
