import { afterAll, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { checkedFetch } from '#server/app/openapi/response-check.test-helpers.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

const dirs = makeServerDirs()
let server: ServerProcess | undefined
afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
})

// Long enough that the second start is surely still loading it when the test signals, short of the
// 30 s load deadline.
const LOAD_DELAY_MS = 8_000
const start = (logLevel: string) =>
  startServer({ ...dirs, stepMs: 0, runtime: 'process', env: { LOG_LEVEL: logLevel } })
interface Progress {
  starting: number
  started: number
  failed: number
}
const messages = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg)

test('a SIGTERM while the server is still starting its plugins stops it cleanly, before they are ready', async () => {
  // The data: a ready plugin whose load takes seconds, so the next start is observably not done.
  server = await start('warn')
  const api = await apiClient(server.url)
  const installed = await api.json<{ task: Task }>('POST', '/installs', {
    items: [{ source: 'marketplace', pluginId: 'plugboard/slow-loader', version: '1.0.0' }],
  })
  const ended = (task: Task) =>
    waitFor(
      () => api.json<Task>('GET', `/tasks/${task.id}`),
      (current) => current.status !== 'pending' && current.status !== 'running',
      30_000,
    )
  expect(await ended(installed.task)).toMatchObject({ status: 'success' })
  const pluginId = installed.task.items[0]?.pluginId ?? ''
  const configured = await api.send('PUT', `/plugins/${pluginId}/config`, {
    modules: { warmup: { loadDelayMs: LOAD_DELAY_MS } },
  })
  expect(configured.status).toBe(202)
  expect(await ended(((await configured.json()) as { task: Task }).task)).toMatchObject({ status: 'success' })
  expect(await api.json<Plugin>('GET', `/plugins/${pluginId}`)).toMatchObject({ status: 'ready' })
  expect(await server.stop()).toBe(0)

  // The second start: the port is open, the plugin is still loading (503, one starting).
  server = await start('info')
  const url = server.url
  const starting = await waitFor(
    async () => {
      const response = await checkedFetch(`${url}/api/ready`)
      return {
        status: response.status,
        body: (await response.json()) as { status: string; plugins: Progress },
      }
    },
    (answer) => answer.status === 503 && answer.body.plugins.starting >= 1,
    LOAD_DELAY_MS / 2,
  )
  expect(starting.body).toEqual({ status: 'starting', plugins: { starting: 1, started: 0, failed: 0 } })
  process.kill(server.pid, 'SIGTERM')
  const timer = setTimeout(() => void server?.kill(), scaled(30_000))
  try {
    const code = await server.exited
    const output = server.output()
    expect(code, output).toBe(0)
    // The order of the signals: listening, the stop, and never "ready" (the load was cut short).
    const seen = messages(output).filter((msg) =>
      ['listening', 'ready', 'shutting down', 'stopped'].includes(msg),
    )
    expect(seen, output).toEqual(['listening', 'shutting down', 'stopped'])
  } finally {
    clearTimeout(timer)
  }
})
