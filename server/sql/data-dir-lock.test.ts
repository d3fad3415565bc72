import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { processIdentity, procStatFields } from '#server/node-process/process-identity.ts'
import { lockDataDir } from './data-dir-lock.ts'

const dirs: string[] = []
const children: ChildProcess[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A shell command as a child process, and the first line it prints. */
async function run(script: string): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  const firstLine = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '')
    })
    child.once('exit', (code) => reject(new Error(`the shell exited early (${code})`)))
  })
  return { child, firstLine }
}

const writeLock = (dir: string, text: string) => writeFileSync(join(dir, 'plugboard.pid'), text)
const stateOf = (pid: number) => procStatFields(pid)?.[0]

test('a data directory held by a live process is refused', async () => {
  const { child } = await run('echo started; exec sleep 60')
  const holder = processIdentity(child.pid)
  expect(holder.startTime).toMatch(/^\d+$/)
  const dir = tempDir()
  writeLock(dir, `${holder.pid} ${holder.startTime}`)
  expect(() => lockDataDir(dir)).toThrow(/in use by another Plugboard process \(pid \d+\)/)
  // A lock written with the pid alone (before start times were kept) still protects a live process.
  writeLock(dir, String(holder.pid))
  expect(() => lockDataDir(dir)).toThrow(/in use by another Plugboard process/)
})

test('a lock left by a process that died is taken over, records this process, and is released on close', () => {
  const dir = tempDir()
  writeLock(dir, '2147483646 12345')
  const release = lockDataDir(dir)
  const self = processIdentity()
  expect(readFileSync(join(dir, 'plugboard.pid'), 'utf8')).toBe(`${self.pid} ${self.startTime}`)
  release()
  expect(existsSync(join(dir, 'plugboard.pid'))).toBe(false)
})

test('a lock whose pid now belongs to a process that started later (pid reused) is taken over', async () => {
  const { child } = await run('echo started; exec sleep 60')
  const other = processIdentity(child.pid)
  const dir = tempDir()
  // The same pid, but the process that wrote the lock started at another time (before a reboot).
  writeLock(dir, `${other.pid} ${Number(other.startTime) + 1}`)
  const release = lockDataDir(dir)
  expect(readFileSync(join(dir, 'plugboard.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} `))
  release()
})

test('a lock held by a zombie (exited, never reaped) is taken over', async () => {
  // `sleep 0` exits at once; its parent becomes `sleep 60` (exec), which never reaps it.
  const { firstLine } = await run('sleep 0 & echo $!; exec sleep 60')
  const zombie = Number(firstLine)
  const startTime = processIdentity(zombie).startTime
  for (let tries = 0; stateOf(zombie) !== 'Z'; tries++) {
    if (tries > 500) throw new Error(`process ${zombie} never became a zombie`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const dir = tempDir()
  writeLock(dir, `${zombie} ${startTime}`)
  lockDataDir(dir)()
})
