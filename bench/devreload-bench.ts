import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevReload, runDev } from '../cli/commands/dev.ts'
import { apiClient, createApiToken, makeServerDirs, startServer } from '../tests/api/server-process.ts'

const MANIFEST = {
  id: 'bench/reloaded',
  name: 'Reloaded',
  version: '0.1.0',
  description: 'Saved again and again',
  author: 'bench',
  icon: null,
  categories: [],
  capabilities: [],
  modules: [{ id: 'main', name: 'Main', type: 'service' }],
  main: 'index.mjs',
  minHostVersion: '0.1.0',
}

const code = (save: number) => `
let state = { saves: 0 }
export default {
  modules: {
    main: {
      onLoad() { console.log('save ${save} loaded') },
      onSnapshot() { return state },
      onRestore(previous) { state = { saves: previous.saves + 1 } },
    },
  },
}
`

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/**
 * Dev mode on the real server (process runtime, PGlite): `saves` saves of a plugin folder under
 * `plugin dev`, each waited for; from the save to the reload task's end with the new code loaded
 * and its state restored (the debounce's 150 ms included).
 */
export async function devReloadBench(saves = 20): Promise<void> {
  const dirs = makeServerDirs()
  const folder = await mkdtemp(join(tmpdir(), 'plugboard-devreload-bench-'))
  await writeFile(join(folder, 'plugin.json'), JSON.stringify(MANIFEST))
  await writeFile(join(folder, 'index.mjs'), code(0))
  const server = await startServer({
    ...dirs,
    stepMs: 0,
    runtime: 'process',
    env: { PLUGBOARD_DEV_MODE: '1' },
  })
  const stop = new AbortController()
  try {
    const token = await createApiToken(await apiClient(server.url), 'admin')
    let ready: () => void = () => {}
    const registered = new Promise<void>((resolve) => {
      ready = resolve
    })
    let heard: (reload: DevReload) => void = () => {}
    const dev = runDev([folder, '--server', server.url, '--token', token], {
      signal: stop.signal,
      print: () => {},
      onReady: () => ready(),
      onReload: (reload) => heard(reload),
    })
    await registered
    const times: number[] = []
    for (let save = 1; save <= saves; save++) {
      const reloaded = new Promise<DevReload>((resolve) => {
        heard = resolve
      })
      await writeFile(join(folder, 'index.mjs'), code(save))
      const reload = await reloaded
      if (!reload.ok) throw new Error(`save ${save} did not reload: ${reload.error}`)
      times.push(reload.ms)
    }
    stop.abort()
    await dev
    console.log(`devreload: save → reloaded and ready, ${saves} saves (150 ms debounce included)`)
    console.log(
      `  median ${percentile(times, 50)} ms · p95 ${percentile(times, 95)} ms · max ${Math.max(...times)} ms`,
    )
  } finally {
    stop.abort()
    await server.kill()
    dirs.cleanup()
    await rm(folder, { recursive: true, force: true })
  }
}
