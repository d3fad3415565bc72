import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { devStagePath } from '../../cli/package/dev-stage.ts'
import { type LocalRegistry, startVerdaccio } from '../../scripts/registry/verdaccio.ts'
import {
  apiClient,
  createApiToken,
  makeServerDirs,
  type ServerProcess,
  startServer,
} from '../api/server-process.ts'
import { runPluginCli } from './run-plugin-cli.ts'

// The author kit end to end, every step a real process: from a clean folder, `new` → `test` →
// `dev` on a real server in dev mode (signed with an API token made through the API) → an edit of
// the module answers within a second with its state kept, and a build error leaves the last good
// version running → `pack` → `publish` to a real Verdaccio → another workspace adds that registry
// as a source and installs the plugin from its Marketplace.
const BIN = fileURLToPath(new URL('../../cli/plugin.mjs', import.meta.url))
const dirs = makeServerDirs()
let work: string
let server: ServerProcess
let registry: LocalRegistry
let dev: ChildProcess | null = null

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-journey-'))
  ;[server, registry] = await Promise.all([
    startServer({
      ...dirs,
      stepMs: 0,
      runtime: 'process',
      env: { PLUGBOARD_DEV_MODE: '1', PLUGBOARD_REGISTRY_MAX_AGE_MS: '0' },
    }),
    startVerdaccio(),
  ])
}, scaled(60_000))

afterAll(async () => {
  if (dev?.exitCode === null && dev.pid) process.kill(dev.pid, 'SIGKILL')
  await server?.kill()
  await registry?.stop()
  dirs.cleanup()
  await rm(devStagePath(join(work, 'journey')), { recursive: true, force: true })
  await rm(work, { recursive: true, force: true })
})

/** `plugboard-plugin dev` as the author runs it: its own process, running until Ctrl-C. */
function startDev(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'dev', ...args], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

test(
  'new → test → dev with an edit reloaded in a second, state kept → pack → publish → installed in another workspace',
  async () => {
    expect((await runPluginCli(['new', 'acme/journey'], work)).code).toBe(0)
    const tested = await runPluginCli(['test', 'journey'], work)
    expect(tested.code, tested.stdout + tested.stderr).toBe(0)

    const api = await apiClient(server.url)
    const token = await createApiToken(api, 'admin', 'plugin dev')
    const running = startDev(['journey', '--server', server.url, '--token', token])
    dev = running.child
    const registered = await waitUntil(running.output, (text) => /runs in development on/.test(text), {
      withinMs: 30_000,
      everyMs: 50,
    })
    const pluginId = /\(([^)]+)\); watching/.exec(registered)?.[1] ?? ''
    const logOf = async () => ((await api.json('GET', `/plugins/${pluginId}/logs`)).text as string) ?? ''
    expect(await api.json<Plugin>('GET', `/plugins/${pluginId}`)).toMatchObject({
      pluginId: 'acme/journey',
      status: 'ready',
      source: { dev: true },
    })
    expect(await logOf()).toMatch(/\[greeter\] ready, token not set/)

    // The author edits the module: the new text answers within a second, the load count kept.
    const source = join(work, 'journey', 'src', 'index.ts')
    const original = await readFile(source, 'utf8')
    expect(original).toContain('state kept`')
    const savedAt = performance.now()
    await writeFile(source, original.replace('state kept`', 'state kept, edited`'))
    await waitUntil(logOf, (text) => /Hello: loaded 2 times, state kept, edited/.test(text), {
      withinMs: 1_000,
      everyMs: 20,
    })
    expect(performance.now() - savedAt).toBeLessThan(scaled(1_000))
    await waitUntil(running.output, (text) => /reloaded in \d+ ms/.test(text))

    // Half-typed code: the build fails in the CLI, which says why; the server is not asked to
    // reload and the edited version keeps running.
    await writeFile(source, `${original}\nexport const half = (\n`)
    await waitUntil(running.output, (text) => /not reloaded: the build failed: .*index\.ts:\d+/.test(text))
    expect(await api.json<Plugin>('GET', `/plugins/${pluginId}`)).toMatchObject({ status: 'ready' })
    await writeFile(source, original.replace('state kept`', 'state kept, fixed`'))
    await waitUntil(logOf, (text) => /Hello: loaded 3 times, state kept, fixed/.test(text), {
      withinMs: 5_000,
    })

    // Ctrl-C ends the watch; the plugin stays in development on the server.
    dev.kill('SIGINT')
    expect(await running.exited).toBe(0)

    const packed = await runPluginCli(['pack', 'journey'], work)
    expect(packed.code, packed.stderr).toBe(0)
    const published = await runPluginCli(
      ['publish', 'journey', '--registry', registry.url, '--token', registry.token],
      work,
    )
    expect(published.code, published.stderr).toBe(0)

    // Another workspace takes it from the registry, through its Marketplace.
    const created = await api.request('POST', '/api/workspaces', { name: 'Elsewhere' })
    expect(created.status).toBe(201)
    const other = await apiClient(server.url, ((await created.json()) as { id: string }).id)
    const added = await other.send('POST', '/sources', { name: 'Test registry', url: registry.url })
    expect(added.status).toBe(201)
    const sourceId = ((await added.json()) as { id: string }).id
    const offered = await other.json('GET', `/marketplace?sourceId=${sourceId}`)
    expect(offered.items.map((entry: { pluginId: string }) => entry.pluginId)).toEqual(['acme/journey'])
    const install = await other.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/journey', version: '0.1.0', sourceId }],
    })
    expect(install.status).toBe(202)
    const { task } = (await install.json()) as { task: Task }
    const done = await waitUntil(
      () => other.json<Task>('GET', `/tasks/${task.id}`),
      (t) => isTerminal(t.status),
      { withinMs: 30_000, everyMs: 50 },
    )
    expect(done.items[0]).toMatchObject({ status: 'success', error: null })
    const installed = await other.json<Plugin>('GET', `/plugins/${done.items[0]?.pluginId}`)
    expect(installed).toMatchObject({
      pluginId: 'acme/journey',
      status: 'ready',
      source: { type: 'registry', sourceId, packageName: '@acme/journey' },
    })
    // It runs the code as last saved, without the source, tests or tooling of the author's folder.
    const log = await waitUntil(
      async () => ((await other.json('GET', `/plugins/${installed.id}/logs`)).text as string) ?? '',
      (text) => /\[greeter\] ready/.test(text),
    )
    expect(log).not.toMatch(/loaded \d+ times/)
  },
  scaled(120_000),
)
