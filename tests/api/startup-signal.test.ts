import { spawn } from 'node:child_process'
import { afterAll, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { makeServerDirs } from './server-process.ts'

const dirs = makeServerDirs()
afterAll(() => dirs.cleanup())

test('a SIGTERM while the server is still starting (tasks being recovered) stops it cleanly', async () => {
  const { DATABASE_URL: _ignored, ...env } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dirs.dataDir,
      PLUGBOARD_DIST_DIR: dirs.distDir,
      PLUGBOARD_SKIP_BUILD: '1',
      PLUGBOARD_RUNTIME: 'simulated',
      PLUGBOARD_SHUTDOWN_MS: String(scaled(5_000)),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit)
      resolve({ code, signal })
    }),
  )
  child.stderr?.on('data', (chunk) => (output += chunk))
  // The database is open: the signal comes before the port opens.
  const signalled = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk
      if (output.includes('database ready') && child.signalCode === null && child.exitCode === null) {
        child.kill('SIGTERM')
        resolve()
      }
    })
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), scaled(30_000))
  try {
    await Promise.race([signalled, exited])
    const { code, signal } = await exited
    expect({ code, signal }, output).toEqual({ code: 0, signal: null })
    expect(output).toMatch(/shutting down[\s\S]*stopped/)
  } finally {
    clearTimeout(timer)
  }
})
