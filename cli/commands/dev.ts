import { type FSWatcher, watch } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DevApiError, type DevClient, devClient } from '../dev-client.ts'
import { devStagePath, stageForDev } from '../package/dev-stage.ts'
import { printProblems, readPluginFolder } from '../package/read-plugin.ts'

/** Saves closer together than this are one reload (an editor writes a file in several steps). */
const DEBOUNCE_MS = 150
/** How often a reload's task is looked at while it runs. */
const POLL_MS = 50

const USAGE = 'usage: plugboard-plugin dev <dir> --server <url> --token <token> [--workspace <ws>]'

/** One reload as `plugin dev` saw it: from the first save it took to the plugin ready (or not). */
export interface DevReload {
  ok: boolean
  ms: number
  /**
   * Why the new code does not run (the last good version runs instead): the build's errors, or the
   * reload task item's error.
   */
  error: string | null
}

/** What a caller other than the command line may set: a stop, where lines and reloads go. */
interface DevOptions {
  signal?: AbortSignal
  print?: (line: string) => void
  onReady?: (pluginId: string) => void
  onReload?: (reload: DevReload) => void
}

interface TaskView {
  id: string
  status: string
  items: { pluginId: string; error: { code: string; message: string } | null }[]
}

/**
 * `plugboard-plugin dev <dir>`: builds the folder's package (as `pack` does) into a staging folder,
 * installs that on a server in dev mode as a plugin in development, then on every save (debounced)
 * builds again and reloads it, printing each reload's result and duration, until Ctrl-C. A build
 * that fails is printed and never reaches the server: the last good version keeps running.
 */
export async function runDev(args: string[], options: DevOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      workspace: { type: 'string', default: 'default' },
    },
  })
  const print = options.print ?? ((line: string) => console.log(line))
  if (!values.server || !values.token || positionals.length > 1) {
    console.error(USAGE)
    return 2
  }
  const dir = resolve(positionals[0] ?? '.')
  const stage = devStagePath(dir)
  let pluginRef: string
  try {
    const plugin = await readPluginFolder(dir)
    pluginRef = plugin.manifest.id
    await stageForDev(plugin, stage)
  } catch (error) {
    printProblems(error)
    return 1
  }
  const client = devClient(values.server, values.workspace, values.token)
  const pluginId = await register(client, stage, pluginRef, print)
  print(`${pluginRef} runs in development on ${values.server} (${pluginId}); watching ${dir}`)
  options.onReady?.(pluginId)
  const signal = options.signal ?? interrupted()
  await watchAndReload({
    dir,
    signal,
    reload: (savedAt) => reload({ client, dir, stage, pluginRef, pluginId, savedAt, print, options }),
  })
  return 0
}

/** One line for a build or manifest failure: the message, then its problems. */
function failureText(error: unknown): string {
  const problems = (error as { problems?: unknown }).problems
  const message = error instanceof Error ? error.message : String(error)
  return Array.isArray(problems) && problems.length > 0 ? `${message}: ${problems.join('; ')}` : message
}

/** Builds the folder's current files into the stage the server reloads from. */
async function rebuild(dir: string, stage: string, pluginRef: string): Promise<void> {
  const plugin = await readPluginFolder(dir)
  if (plugin.manifest.id !== pluginRef) {
    throw new Error(`plugin.json now names ${plugin.manifest.id}; restart plugin dev for another plugin`)
  }
  await stageForDev(plugin, stage)
}

/**
 * Installs the folder as a plugin in development, or, when the plugin is there already (an earlier
 * `plugin dev`), reloads it so it runs the folder's current files.
 */
async function register(client: DevClient, stage: string, pluginRef: string, print: (line: string) => void) {
  try {
    const { task } = await client.send<{ task: TaskView }>('POST', '/dev-plugins', { path: stage })
    const done = await finished(client, task.id)
    const item = done.items[0]
    if (done.status !== 'success' || !item)
      throw new Error(`the install failed: ${item?.error?.message ?? done.status}`)
    return item.pluginId
  } catch (error) {
    if (!(error instanceof DevApiError) || error.status !== 409) throw error
  }
  type Row = { id: string; pluginId: string; source: { dev?: boolean; path?: string | null } }
  const page = await client.send<{ items: Row[] }>(
    'GET',
    `/plugins?q=${encodeURIComponent(pluginRef)}&pageSize=50`,
  )
  const existing = page.items.find((plugin) => plugin.pluginId === pluginRef)
  if (!existing?.source.dev)
    throw new Error(`${pluginRef} is installed on the server, but not in development`)
  if (existing.source.path !== stage) {
    // A reload reads the folder the plugin was registered with, which this run does not build.
    throw new Error(
      `${pluginRef} is in development there from another folder (${existing.source.path}): uninstall it first`,
    )
  }
  print(`${pluginRef} is in development there already: reloading it`)
  const { task } = await client.send<{ task: TaskView }>('POST', `/plugins/${existing.id}/dev/reload`)
  await finished(client, task.id)
  return existing.id
}

async function reload(run: {
  client: DevClient
  dir: string
  stage: string
  pluginRef: string
  pluginId: string
  savedAt: number
  print: (line: string) => void
  options: DevOptions
}): Promise<void> {
  const { client, pluginId, savedAt, print, options } = run
  try {
    await rebuild(run.dir, run.stage, run.pluginRef)
  } catch (error) {
    const result = { ok: false, ms: Math.round(performance.now() - savedAt), error: failureText(error) }
    print(`not reloaded: ${result.error}; the last good version still runs`)
    options.onReload?.(result)
    return
  }
  let result: DevReload
  try {
    const { task } = await client.send<{ task: TaskView }>('POST', `/plugins/${pluginId}/dev/reload`)
    const done = await finished(client, task.id)
    const error = done.items[0]?.error ?? null
    result = {
      ok: done.status === 'success',
      ms: Math.round(performance.now() - savedAt),
      error: error?.message ?? null,
    }
  } catch (error) {
    result = { ok: false, ms: Math.round(performance.now() - savedAt), error: (error as Error).message }
  }
  print(
    result.ok
      ? `reloaded in ${result.ms} ms`
      : `reload failed after ${result.ms} ms: ${result.error}; the last good version still runs`,
  )
  options.onReload?.(result)
}

async function finished(client: DevClient, taskId: string): Promise<TaskView> {
  for (;;) {
    const task = await client.send<TaskView>('GET', `/tasks/${taskId}`)
    if (task.status !== 'pending' && task.status !== 'running') return task
    await new Promise((done) => setTimeout(done, POLL_MS))
  }
}

/**
 * Watches the folder (recursively) until `signal` aborts: saves within DEBOUNCE_MS of each other
 * are one reload, and a save during a reload leads to one more reload after it.
 */
async function watchAndReload(options: {
  dir: string
  signal: AbortSignal
  reload(savedAt: number): Promise<void>
}): Promise<void> {
  const { dir, signal } = options
  let firstSave: number | null = null
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let again = false
  const start = () => {
    timer = null
    if (running) {
      again = true
      return
    }
    const savedAt = firstSave ?? performance.now()
    firstSave = null
    running = options.reload(savedAt).finally(() => {
      running = null
      if (again && !signal.aborted) {
        again = false
        start()
      }
    })
  }
  const changed = (_event: string, file: string | null) => {
    // Hidden files (.git, editors' swap files) are never in a package: saving them changes nothing.
    if (file && /(^|[\\/])\./.test(file)) return
    firstSave ??= performance.now()
    if (timer) clearTimeout(timer)
    timer = setTimeout(start, DEBOUNCE_MS)
  }
  let watcher: FSWatcher | null = null
  await new Promise<void>((done) => {
    if (signal.aborted) return done()
    watcher = watch(dir, { recursive: true }, changed)
    signal.addEventListener('abort', () => done(), { once: true })
  })
  ;(watcher as FSWatcher | null)?.close()
  if (timer) clearTimeout(timer)
  await running
}

/** Ctrl-C (or a service stop) ends the watch; the plugin stays installed and running. */
function interrupted(): AbortSignal {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return controller.signal
}
