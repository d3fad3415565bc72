import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { scaled } from '#tests/support/time-factor.ts'

const BIN = fileURLToPath(new URL('../../cli/plugin.mjs', import.meta.url))

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `plugboard-plugin <args>` as its own process in `cwd`, the way an author does; killed if it
 * outlives `withinMs` (an idle machine's deadline, scaled).
 */
export function runPluginCli(args: string[], cwd: string, withinMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), scaled(withinMs))
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}
