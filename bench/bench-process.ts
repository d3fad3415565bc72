import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A TypeScript entry point run by Node through tsx, from the repository root. */
export function spawnTs(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeFlags: string[] = [],
) {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Resolves with the first stdout line that matches, keeps draining stdout afterwards. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = ''
    let stderr = ''
    const timer = setTimeout(
      () => reject(new Error(`no "${pattern}" within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        const match = line.match(pattern)
        if (match) {
          clearTimeout(timer)
          child.stdout?.off('data', onData)
          child.stdout?.resume()
          resolve(match)
          return
        }
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before "${pattern}": ${stderr}`))
    })
  })
}

/** Output of a child that prints one JSON line and exits. */
export async function runJson<T>(entry: string, args: string[]): Promise<T> {
  const child = spawnTs(entry, args)
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${entry} exited with ${code}: ${err}`)
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1])
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null
  } catch {
    return null
  }
}
