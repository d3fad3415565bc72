import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { eventually, isAlive } from './runtime.test-helpers.ts'

const hostScript = fileURLToPath(new URL('./fixtures/orphan-host.ts', import.meta.url))
const cleanup: { host?: ChildProcess; workerPid?: number; dir?: string } = {}

afterEach(async () => {
  if (cleanup.host?.pid && isAlive(cleanup.host.pid)) cleanup.host.kill('SIGKILL')
  if (cleanup.workerPid && isAlive(cleanup.workerPid)) process.kill(cleanup.workerPid, 'SIGKILL')
  if (cleanup.dir) await rm(cleanup.dir, { recursive: true, force: true })
})

test('a worker whose host is SIGKILLed exits by itself: no orphan', async () => {
  cleanup.dir = await mkdtemp(join(tmpdir(), 'plugboard-orphan-'))
  const host = spawn(process.execPath, ['--import', 'tsx', hostScript, cleanup.dir], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  cleanup.host = host
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    host.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '')
    })
    host.on('exit', (code) => reject(new Error(`the host exited early (${code})`)))
  })
  const workerPid = (JSON.parse(line) as { workerPid: number }).workerPid
  cleanup.workerPid = workerPid
  expect(isAlive(workerPid)).toBe(true)
  host.kill('SIGKILL')
  await eventually(() => !isAlive(workerPid), 5_000)
})
