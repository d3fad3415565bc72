import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevReload, runDev } from '../cli/commands/dev.ts'
import { runNew } from '../cli/commands/new.ts'
import { devStagePath } from '../cli/package/dev-stage.ts'
import { apiClient, createApiToken, makeServerDirs, startServer } from '../tests/api/server-process.ts'

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/**
 * Dev mode on the real server (process runtime, PGlite): a plugin from `plugboard-plugin new`
 * under `plugin dev`, its `src/index.ts` saved `saves` times, each waited for; from the save to the
 * reload task's end with the rebuilt code loaded and its state restored (the debounce's 150 ms and
 * the esbuild build included). At the end the scaffold's load counter must have crossed every reload.
 */
export async function devReloadBench(saves = 20): Promise<void> {
  const dirs = makeServerDirs()
  const work = await mkdtemp(join(tmpdir(), 'plugboard-devreload-bench-'))
  const folder = join(work, 'reloaded')
  if ((await runNew(['bench/reloaded', '--dir', folder])) !== 0) throw new Error('new failed')
  const source = join(folder, 'src', 'index.ts')
  const original = await readFile(source, 'utf8')
  const server = await startServer({
    ...dirs,
    stepMs: 0,
    runtime: 'process',
    env: { PLUGBOARD_DEV_MODE: '1' },
  })
  const stop = new AbortController()
  try {
    const api = await apiClient(server.url)
    const token = await createApiToken(api, 'admin')
    let pluginId = ''
    let ready: () => void = () => {}
    const registered = new Promise<void>((resolve) => {
      ready = resolve
    })
    let heard: (reload: DevReload) => void = () => {}
    const dev = runDev([folder, '--server', server.url, '--token', token], {
      signal: stop.signal,
      print: () => {},
      onReady: (id) => {
        pluginId = id
        ready()
      },
      onReload: (reload) => heard(reload),
    })
    await registered
    const times: number[] = []
    for (let save = 1; save <= saves; save++) {
      const reloaded = new Promise<DevReload>((resolve) => {
        heard = resolve
      })
      await writeFile(source, original.replace('state kept`', `state kept, save ${save}\``))
      const reload = await reloaded
      if (!reload.ok) throw new Error(`save ${save} did not reload: ${reload.error}`)
      times.push(reload.ms)
    }
    stop.abort()
    await dev
    const log = (await api.json('GET', `/plugins/${pluginId}/logs`)).text as string
    if (!log.includes(`loaded ${saves + 1} times, state kept, save ${saves}`))
      throw new Error(`the state did not cross every reload:\n${log.slice(-2_000)}`)
    console.log(
      `devreload: save → rebuilt, reloaded and ready with its state, ${saves} saves of a scaffolded plugin (150 ms debounce included)`,
    )
    console.log(
      `  median ${percentile(times, 50)} ms · p95 ${percentile(times, 95)} ms · max ${Math.max(...times)} ms`,
    )
  } finally {
    stop.abort()
    await server.kill()
    dirs.cleanup()
    await rm(devStagePath(folder), { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  }
}
