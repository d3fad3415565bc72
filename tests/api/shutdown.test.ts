import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { procStatFields } from '#server/node-process/process-identity.ts'
import { isAlive } from '#server/runtime/runtime.test-helpers.ts'
import { timeFactor } from '#tests/support/time-factor.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

// The whole stop; running steps get half of it, the workers the rest. Half of it stays below the
// 30 s load deadline, so that never-loads is still loading when the drain ends.
const TIME_FACTOR = timeFactor()
const SHUTDOWN_MS = Math.min(8_000 * TIME_FACTOR, 50_000)

const dirs = makeServerDirs()
let server: ServerProcess | undefined
const workersSeen = new Set<number>()

afterAll(async () => {
  await server?.kill()
  for (const pid of workersSeen) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone, as it should be
    }
  }
  dirs.cleanup()
})

/** The plugin workers the server runs now: its children started from worker-host.mjs (via /proc). */
function workerPids(serverPid: number): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (Number(procStatFields(Number(entry))?.[1]) !== serverPid) continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('worker-host.mjs')) pids.push(Number(entry))
    } catch {
      // it exited while we looked
    }
  }
  return pids
}

const isActive = (task: Task) => task.status === 'pending' || task.status === 'running'
const pluginDir = (pluginRef: string) =>
  join(dirs.dataDir, 'runtime', 'plugins', 'default', pluginRef.replace('/', '__'))

async function startProcessServer(detached: boolean): Promise<ServerProcess> {
  return startServer({
    ...dirs,
    stepMs: 0,
    runtime: 'process',
    detached,
    env: { PLUGBOARD_SHUTDOWN_MS: String(SHUTDOWN_MS) },
  })
}

test('SIGTERM to the whole process group mid-install and mid-load: no worker restarted, every step ends success or INTERRUPTED, within the deadline', async () => {
  server = await startProcessServer(true)
  const api = await apiClient(server.url)
  const install = async (pluginId: string) => {
    const response = await api.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId, version: '1.0.0' }],
    })
    expect(response.status).toBe(202)
    return ((await response.json()) as { task: Task }).task
  }
  const finished = (task: Task) =>
    waitFor(
      () => api.json<Task>('GET', `/tasks/${task.id}`),
      (current) => !isActive(current),
      30_000 * TIME_FACTOR,
    )

  // Two plugins running: one whose onDestroy hangs (and ignores SIGTERM), started first, so it is
  // stopped last; hello, stopped first, cleanly.
  expect(await finished(await install('plugboard/hang-on-destroy'))).toMatchObject({ status: 'success' })
  expect(await finished(await install('plugboard/hello'))).toMatchObject({ status: 'success' })
  // Two installs in their load: one that loads in 3 s (within the drain), one that never does.
  const slow = await install('plugboard/slow-loader')
  const stuck = await install('plugboard/never-loads')
  const pid = server.pid
  await waitFor(
    async () => workerPids(pid),
    (pids) => pids.length === 4,
    15_000 * TIME_FACTOR,
  )
  const before = workerPids(pid)
  for (const worker of before) workersSeen.add(worker)

  const signalledAt = performance.now()
  process.kill(-pid, 'SIGTERM')
  let exitCode: number | null | undefined
  void server.exited.then((code) => {
    exitCode = code
  })
  while (exitCode === undefined) {
    for (const worker of workerPids(pid)) workersSeen.add(worker)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const stopMs = performance.now() - signalledAt
  const output = server.output()
  server = undefined

  expect(exitCode).toBe(0)
  // The hanging onDestroy (60 s, then 5 s of ignored SIGTERM) was killed at the deadline.
  expect(stopMs).toBeLessThan(SHUTDOWN_MS + 1_500 * TIME_FACTOR)
  // No worker started during the stop, and none outlived it.
  expect([...workersSeen].sort()).toEqual([...before].sort())
  for (const worker of before) expect(isAlive(worker)).toBe(false)
  // never-loads was still loading at half the deadline: ended INTERRUPTED during the stop.
  expect(output).toMatch(/steps still running at half the stop deadline were interrupted.*"interrupted":1/)
  const helloLog = readFileSync(join(pluginDir('plugboard/hello'), 'worker.log'), 'utf8')
  expect(helloLog).toMatch(/greeter stopped/)
  const hangLog = readFileSync(join(pluginDir('plugboard/hang-on-destroy'), 'worker.log'), 'utf8')
  expect(hangLog).toMatch(/cleaning up forever/)

  server = await startProcessServer(false)
  const after = await apiClient(server.url)
  const slowEnd = await after.json<Task>('GET', `/tasks/${slow.id}`)
  expect(slowEnd).toMatchObject({ status: 'success', counts: { succeeded: 1, total: 1 } })
  const stuckEnd = await after.json<Task>('GET', `/tasks/${stuck.id}`)
  expect(stuckEnd).toMatchObject({ status: 'failed', counts: { failed: 1, total: 1 } })
  expect(stuckEnd.items[0]).toMatchObject({ step: 'load', error: { code: 'INTERRUPTED' } })
  expect(await after.json<Plugin>('GET', `/plugins/${stuck.items[0]?.pluginId}`)).toMatchObject({
    status: 'error',
    activeTaskId: null,
    lastError: expect.stringMatching(/^The server stopped while this step \(load\) was running/),
  })
  const plugins = await after.json<{ items: Plugin[] }>('GET', '/plugins?pageSize=100')
  const statusOf = (pluginId: string) => plugins.items.find((p) => p.pluginId === pluginId)?.status
  expect(statusOf('plugboard/hello')).toBe('ready')
  expect(statusOf('plugboard/slow-loader')).toBe('ready')
  expect(statusOf('plugboard/hang-on-destroy')).toBe('ready')
}, 120_000)

test('a soft-uninstalled plugin keeps its data and can be purged later, which deletes it', async () => {
  server ??= await startProcessServer(false)
  const api = await apiClient(server.url)
  const hello = (await api.json<{ items: Plugin[] }>('GET', '/plugins?pageSize=100')).items.find(
    (plugin) => plugin.pluginId === 'plugboard/hello',
  )
  expect(hello).toBeDefined()
  const run = async (path: string) => {
    const response = await api.send('DELETE', path)
    expect(response.status).toBe(202)
    const { task } = (await response.json()) as { task: Task }
    return waitFor(
      () => api.json<Task>('GET', `/tasks/${task.id}`),
      (current) => !isActive(current),
      30_000 * TIME_FACTOR,
    )
  }
  expect(await run(`/plugins/${hello?.id}?purge=false`)).toMatchObject({ status: 'success' })
  expect(await api.json<Plugin>('GET', `/plugins/${hello?.id}`)).toMatchObject({ status: 'uninstalled' })
  expect(existsSync(join(pluginDir('plugboard/hello'), 'data'))).toBe(true)

  const purge = await run(`/plugins/${hello?.id}?purge=true`)
  expect(purge).toMatchObject({ kind: 'uninstall', status: 'success', items: [{ params: { purge: true } }] })
  expect((await api.send('GET', `/plugins/${hello?.id}`)).status).toBe(404)
  expect(existsSync(pluginDir('plugboard/hello'))).toBe(false)

  expect(await server.stop()).toBe(0)
  server = undefined
}, 90_000)
