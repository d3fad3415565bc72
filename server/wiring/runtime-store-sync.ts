import { readdir } from 'node:fs/promises'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import { firstLine, fullErrorText } from '#core/tasks/error-text.ts'
import { type Runtime, StepFailure, type Store, type SupervisionReports } from '#server/app/ports.ts'
import type { SupervisionLogger, SupervisionService } from '#server/app/services/supervision-service.ts'
import type { SupervisorEvent } from '#server/runtime/plugin-supervisor.ts'

/** The process runtime's supervisor events as the app's runtime events (null: nothing to tell). */
export function runtimeEventOf(
  event: SupervisorEvent,
  at: Date,
): Omit<RuntimeStreamEvent, 'pluginId'> | null {
  const when = at.toISOString()
  switch (event.type) {
    case 'crash':
      return { kind: 'crash', at: when, message: event.reason }
    case 'restart-scheduled':
      return {
        kind: 'restart-scheduled',
        at: when,
        attempt: event.attempt,
        restartAt: event.at.toISOString(),
      }
    case 'health-restart':
      return {
        kind: 'restart-scheduled',
        at: when,
        attempt: event.attempt,
        restartAt: new Date(at.getTime() + event.delayMs).toISOString(),
      }
    case 'restarted':
      return { kind: 'restarted', at: when }
    case 'failed':
      return { kind: 'failed', at: when, message: firstLine(event.reason) }
    case 'health':
      return { kind: 'health', at: when, status: event.status }
    case 'log':
      return { kind: 'log', at: when, message: event.lines }
    default:
      return null
  }
}

/** The process runtime's callbacks, forwarded to the app's supervision reports. */
export function processRuntimeCallbacks(reports: SupervisionReports, now: () => Date) {
  return {
    onPluginFailed: (workspaceId: string, pluginId: string, reason: string) =>
      void reports.failed(workspaceId, pluginId, reason),
    onPluginState: (
      workspaceId: string,
      pluginId: string,
      state: Pick<Plugin, 'modules'> & { status: Plugin['health'] },
    ) => void reports.state(workspaceId, pluginId, { health: state.status, modules: state.modules }),
    onEvent: (workspaceId: string, pluginId: string, event: SupervisorEvent) => {
      const runtimeEvent = runtimeEventOf(event, now())
      if (runtimeEvent) reports.event(workspaceId, pluginId, runtimeEvent)
    },
  }
}

/** How far the start of the ready plugins has got (`/api/ready`). */
export interface StartProgress {
  /** Plugins still to start or starting. */
  starting: number
  started: number
  failed: number
}

/**
 * At server start: starts the worker of every `ready` plugin with no active task (those belong to
 * task recovery), in the workspaces that have plugins on disk, `concurrency` at a time while the
 * server already answers. Each is marked `recovering` with its modules `starting` right before its
 * worker starts, so the console shows it as starting; a plugin whose worker does not start goes
 * `error` with the reason, through the supervision service. Once `signal` aborts (the server is stopping) no further plugin
 * starts, the ones loading are cancelled and shown as not running, and none of that counts as a
 * failure.
 */
export async function restartReadyPlugins(options: {
  store: Store
  runtime: Runtime
  supervision: SupervisionService
  /** `<runtime dir>/plugins`: its folders are the workspaces that have plugins. */
  pluginsRoot: string
  logger?: SupervisionLogger
  signal?: AbortSignal
  /** Workers started at once (default 4). */
  concurrency?: number
  onProgress?: (progress: StartProgress) => void
  /** Cluster mode: whether this node is to run the plugin's worker (it may run on another node). */
  mayStart?: (workspaceId: string, pluginId: string) => Promise<boolean>
}): Promise<{ started: number; failed: number }> {
  const { store, runtime, supervision, logger } = options
  const signal = options.signal ?? new AbortController().signal
  const workspaces = await readdir(options.pluginsRoot).catch(() => [] as string[])
  const queue: { workspaceId: string; plugin: Plugin }[] = []
  for (const workspaceId of workspaces) {
    if (signal.aborted) break
    for (const plugin of await readyPlugins(store, workspaceId)) {
      if (signal.aborted) break
      if (plugin.activeTaskId) continue
      if (options.mayStart && !(await filesHere(runtime, workspaceId, plugin, signal))) continue
      if (options.mayStart && !(await options.mayStart(workspaceId, plugin.id))) continue
      queue.push({ workspaceId, plugin })
    }
  }
  const progress: StartProgress = { starting: queue.length, started: 0, failed: 0 }
  options.onProgress?.({ ...progress })
  const startOne = async ({ workspaceId, plugin }: (typeof queue)[number]) => {
    if (signal.aborted) return
    try {
      // The server answers meanwhile: a plugin an admin has acted on since belongs to that task.
      const current = await store.getPlugin(workspaceId, plugin.id)
      if (current?.status !== 'ready' || current.activeTaskId) return
      // Marked only now, right before its worker starts: a plugin skipped here is never left
      // `recovering` with no worker.
      const starting = current.modules.map((m) => ({ ...m, status: 'starting' as const, error: null }))
      const marked = await supervision.mark(workspaceId, plugin.id, {
        health: 'recovering',
        modules: starting,
        // Cluster mode: the stopped or lost node's "no node runs this plugin" is no longer true.
        ...(options.mayStart ? { lastError: null } : {}),
      })
      // Placed elsewhere since, or this node lost its lease: not this node's worker to start.
      if (options.mayStart && !marked) return
      const ctx = { workspaceId, plugin: marked ?? current, signal, report: async () => {} }
      await supervision.state(workspaceId, plugin.id, await runtime.start(ctx))
      progress.started++
    } catch (error) {
      if (signal.aborted) {
        await notStarted(store, supervision, workspaceId, plugin.id).catch(() => {})
        return
      }
      progress.failed++
      const text =
        error instanceof StepFailure
          ? fullErrorText(error.message, error.detail)
          : String((error as Error).message)
      await supervision.startFailed(workspaceId, plugin.id, text)
      logger?.warn('plugin did not start', { workspaceId, pluginId: plugin.id, error: firstLine(text) })
    } finally {
      progress.starting--
      options.onProgress?.({ ...progress })
    }
  }
  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await startOne(next)
  })
  await Promise.all(lanes)
  const { started, failed } = progress
  logger?.info('ready plugins restarted', { started, failed })
  return { started, failed }
}

/**
 * Cluster mode: whether this node has the files of the plugin's current version. One that ran on
 * another node until that node stopped is left to it (it starts the plugin when it comes back) or to
 * an operation, which fetches the files first, instead of ending in `error` for want of them here.
 */
async function filesHere(runtime: Runtime, workspaceId: string, plugin: Plugin, signal: AbortSignal) {
  if (!runtime.installedVersion) return true
  const ctx = { workspaceId, plugin, signal, report: async () => {} }
  return (await runtime.installedVersion(ctx)) === plugin.version
}

/**
 * A start cancelled by the server stopping: the plugin is shown as not running, unless a task has
 * taken it over or something else has written its health since it was marked.
 */
async function notStarted(
  store: Store,
  supervision: SupervisionService,
  workspaceId: string,
  pluginId: string,
): Promise<void> {
  const current = await store.getPlugin(workspaceId, pluginId)
  if (current?.status !== 'ready' || current.activeTaskId || current.health !== 'recovering') return
  const stopped = current.modules.map((m) => ({ ...m, status: 'stopped' as const }))
  await supervision.mark(workspaceId, pluginId, { health: 'unknown', modules: stopped })
}

async function readyPlugins(store: Store, workspaceId: string): Promise<Plugin[]> {
  const all: Plugin[] = []
  for (let page = 1; ; page++) {
    const result = await store.listPlugins(workspaceId, {
      page,
      pageSize: 500,
      sort: 'name',
      status: 'ready',
    })
    all.push(...result.items)
    if (all.length >= result.total || result.items.length === 0) return all
  }
}
