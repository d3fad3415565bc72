import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { apiClient, makeServerDirs, startServer, waitFor } from '#tests/api/server-process.ts'
import { runPluginCli } from '#tests/cli/run-plugin-cli.ts'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Runs the CLI like an author would and fails loudly when a step fails. */
async function cli(args: string[], cwd: string): Promise<string> {
  const run = await runPluginCli(args, cwd)
  if (run.code !== 0)
    throw new Error(`plugboard-plugin ${args[0]} exited ${run.code}:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

/**
 * The author's first five minutes in machine time: `plugboard-plugin new`, `pack`, the upload
 * (`POST …/packages`), the install, until the plugin is `ready` on a real server (PGlite in a temp
 * DATA_DIR, real workers). The server's own start is not counted; `plugboard-plugin test` (types,
 * the plugin's tests, a worker) is measured beside it, as authors run it before packing.
 */
export async function scaffoldBench(): Promise<void> {
  const dirs = makeServerDirs()
  const server = await startServer({
    dataDir: dirs.dataDir,
    distDir: dirs.distDir,
    stepMs: 0,
    runtime: 'process',
  })
  try {
    const api = await apiClient(server.url)
    const steps: [string, number][] = []
    const started = performance.now()
    let mark = started
    const step = (name: string) => {
      const now = performance.now()
      steps.push([name, now - mark])
      mark = now
    }
    await cli(['new', 'bench/first-plugin'], dirs.root)
    step('new')
    const packed = await cli(['pack', 'first-plugin'], dirs.root)
    step('pack')
    const file = /^file: (.+)$/m.exec(packed)?.[1] ?? ''
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(await readFile(file))]), 'first-plugin.tgz')
    const upload = await api.sendForm('/packages', form)
    if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`)
    const { packageId } = (await upload.json()) as { packageId: string }
    step('upload')
    const { task } = await api.json('POST', '/installs', { items: [{ source: 'package', packageId }] })
    const done = await waitFor(
      () => api.json('GET', `/tasks/${task.id}`),
      (current) => current.status !== 'pending' && current.status !== 'running',
      60_000,
    )
    const plugin = await api.json('GET', `/plugins/${done.items[0].pluginId}`)
    if (plugin.status !== 'ready') throw new Error(`the plugin is ${plugin.status}: ${JSON.stringify(done)}`)
    step('install → ready')
    const total = performance.now() - started

    const testStarted = performance.now()
    await cli(['test', join(dirs.root, 'first-plugin')], dirs.root)
    const testMs = performance.now() - testStarted

    console.log(
      `scaffold → running plugin: ${seconds(total)} (server start ${seconds(server.startupMs)}, not counted)`,
    )
    console.log(`  ${steps.map(([name, ms]) => `${name} ${seconds(ms)}`).join(' · ')}`)
    console.log(`  plugboard-plugin test (types, tests, a worker, health): ${seconds(testMs)}`)
  } finally {
    await server.stop()
    dirs.cleanup()
  }
}
