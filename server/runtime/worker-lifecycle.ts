import type { ModuleState } from '#core/api/plugin-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import type { PluginLog } from './plugin-log.ts'
import type { WorkerTimeouts } from './runtime-options.ts'
import { WorkerCallError, type WorkerProcess } from './worker-process.ts'

/** A load that did not finish: `TIMEOUT` past its deadline, `LOAD_FAILED` for a crash or a throw. */
export class LoadFailure extends Error {
  readonly code: 'TIMEOUT' | 'LOAD_FAILED' | 'CANCELLED'
  readonly detail: string

  constructor(code: LoadFailure['code'], message: string, detail: string) {
    super(message)
    this.name = 'LoadFailure'
    this.code = code
    this.detail = detail
  }
}

type LoadAnswer = { modules: { id: string; status: 'running' | 'stopped'; error: string | null }[] }

export interface LoadRequest {
  manifest: Manifest
  codeDir: string
  dataDir: string
  configs: Record<string, unknown>
  loadMs: number
  log: PluginLog
  signal?: AbortSignal
}

/**
 * Loads every module of a freshly spawned worker within the load deadline and returns each module's
 * state (a module that threw is `stopped` with its error). On a timeout, a crash, a throw from the
 * entry or an abort, the worker is SIGKILLed and a LoadFailure carries the log tail.
 */
export async function loadWorker(worker: WorkerProcess, request: LoadRequest): Promise<ModuleState[]> {
  const { manifest, signal } = request
  const abort = () => worker.kill('SIGKILL')
  signal?.addEventListener('abort', abort, { once: true })
  // Cancelled before this load began listening (while the worker spawned): the listener above
  // never fires for a signal that is already aborted.
  if (signal?.aborted) abort()
  try {
    const answer = await worker.request<LoadAnswer>(
      'load',
      {
        entry: `${request.codeDir}/${manifest.main}`,
        pluginId: manifest.id,
        modules: manifest.modules.map((m) => m.id),
        configs: request.configs,
        dataDir: request.dataDir,
      },
      request.loadMs,
    )
    const byId = new Map(answer.modules.map((m) => [m.id, m]))
    return manifest.modules.map(({ id, name, type }) => {
      const loaded = byId.get(id)
      return loaded
        ? { id, name, type, status: loaded.status, error: loaded.error }
        : { id, name, type, status: 'stopped', error: 'not loaded' }
    })
  } catch (error) {
    worker.kill('SIGKILL')
    await worker.exited
    throw loadFailure(error, request)
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

function loadFailure(error: unknown, request: LoadRequest): LoadFailure {
  const tail = request.log.tail()
  if (request.signal?.aborted) return new LoadFailure('CANCELLED', 'the start was cancelled', tail)
  if (error instanceof WorkerCallError && error.kind === 'timeout') {
    return new LoadFailure('TIMEOUT', `the plugin did not load within ${request.loadMs} ms`, tail)
  }
  const message = error instanceof Error ? error.message : String(error)
  const remote =
    error instanceof WorkerCallError && error.kind === 'remote' && error.detail ? `${error.detail}\n` : ''
  return new LoadFailure('LOAD_FAILED', `the plugin failed to load: ${message}`, `${remote}${tail}`)
}

/** onDestroy within its deadline, then SIGTERM, then SIGKILL after the grace period; resolves once exited. */
export async function stopWorker(
  worker: WorkerProcess,
  timeouts: WorkerTimeouts,
  log: PluginLog,
): Promise<void> {
  if (worker.alive) {
    await worker.request('destroy', {}, timeouts.destroyMs).catch((error: Error) => {
      log.note(`onDestroy did not finish: ${error.message}`)
    })
  }
  if (worker.alive) worker.kill('SIGTERM')
  const exited = await Promise.race([worker.exited, sleep(timeouts.killGraceMs).then(() => null)])
  if (!exited) {
    log.note(`worker ${worker.pid} ignored SIGTERM for ${timeouts.killGraceMs} ms: SIGKILL`)
    worker.kill('SIGKILL')
    await worker.exited
  }
  log.note(`worker ${worker.pid} stopped`)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
