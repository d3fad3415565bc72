import { readdir } from 'node:fs/promises'
import type { ModuleState, Plugin } from '#core/api/plugin-schemas.ts'
import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import { firstLine, fullErrorText } from '#core/tasks/error-text.ts'
import { type Clock, type Runtime, StepFailure, type Store } from '#server/app/ports.ts'

/** Who the supervisor is in a plugin's timeline. */
export const SUPERVISOR_ACTOR = 'supervisor'

export interface SyncLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
}

const stopped = (modules: ModuleState[]): ModuleState[] => modules.map((m) => ({ ...m, status: 'stopped' }))

/**
 * The runtime gave up on a plugin (too many crashes in a row): `ready → error` with the full reason
 * as lastError, in one compare-and-set. A plugin that is no longer `ready` (an admin acted meanwhile)
 * is left alone: the task that moved it owns its state.
 */
export function markPluginFailed(store: Store, clock: Clock, logger?: SyncLogger) {
  return async (workspaceId: string, pluginId: string, reason: string): Promise<void> => {
    const plugin = await store.getPlugin(workspaceId, pluginId)
    if (plugin?.status !== 'ready') return
    const moved = await store.transitionPlugin(workspaceId, pluginId, {
      from: 'ready',
      to: 'error',
      actor: SUPERVISOR_ACTOR,
      reason: firstLine(reason),
      at: clock.now(),
      patch: { lastError: reason, health: 'failed', modules: stopped(plugin.modules) },
    })
    logger?.warn('plugin failed', {
      workspaceId,
      pluginId,
      reason: firstLine(reason),
      persisted: moved !== null,
    })
  }
}

/**
 * Health and module changes the supervisor sees (crash, restart, health checks) are written to the
 * plugin row while it is `ready` and no task owns it (a task writes its own outcome).
 */
export function syncPluginHealth(store: Store) {
  return async (
    workspaceId: string,
    pluginId: string,
    state: { status: HealthStatus; modules: ModuleState[] },
  ): Promise<void> => {
    const plugin = await store.getPlugin(workspaceId, pluginId)
    if (plugin?.status !== 'ready' || plugin.activeTaskId) return
    if (plugin.health === state.status && sameModules(plugin.modules, state.modules)) return
    await store.updatePlugin(workspaceId, pluginId, { health: state.status, modules: state.modules })
  }
}

function sameModules(a: ModuleState[], b: ModuleState[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
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
 * server already answers. Each is first marked `recovering` with its modules `starting`, so the
 * console shows it as starting; a plugin whose worker does not start goes `error` with the reason.
 */
export async function restartReadyPlugins(options: {
  store: Store
  runtime: Runtime
  clock: Clock
  /** `<runtime dir>/plugins`: its folders are the workspaces that have plugins. */
  pluginsRoot: string
  logger?: SyncLogger
  /** Workers started at once (default 4). */
  concurrency?: number
  onProgress?: (progress: StartProgress) => void
}): Promise<{ started: number; failed: number }> {
  const { store, runtime, clock, logger } = options
  const workspaces = await readdir(options.pluginsRoot).catch(() => [] as string[])
  const queue: { workspaceId: string; plugin: Plugin }[] = []
  for (const workspaceId of workspaces) {
    for (const plugin of await readyPlugins(store, workspaceId)) {
      if (plugin.activeTaskId) continue
      const starting = plugin.modules.map((m) => ({ ...m, status: 'starting' as const, error: null }))
      const marked = await store.updatePlugin(workspaceId, plugin.id, {
        health: 'recovering',
        modules: starting,
      })
      queue.push({ workspaceId, plugin: marked ?? plugin })
    }
  }
  const progress: StartProgress = { starting: queue.length, started: 0, failed: 0 }
  options.onProgress?.({ ...progress })
  const startOne = async ({ workspaceId, plugin }: (typeof queue)[number]) => {
    const ctx = { workspaceId, plugin, signal: new AbortController().signal, report: async () => {} }
    try {
      // The server answers meanwhile: a plugin an admin has acted on since belongs to that task.
      const current = await store.getPlugin(workspaceId, plugin.id)
      if (current?.status !== 'ready' || current.activeTaskId) return
      const result = await runtime.start(ctx)
      await syncPluginHealth(store)(workspaceId, plugin.id, {
        status: result.health,
        modules: result.modules,
      })
      progress.started++
    } catch (error) {
      progress.failed++
      const text =
        error instanceof StepFailure
          ? fullErrorText(error.message, error.detail)
          : String((error as Error).message)
      await store.transitionPlugin(workspaceId, plugin.id, {
        from: 'ready',
        to: 'error',
        actor: SUPERVISOR_ACTOR,
        reason: `did not start with the server: ${firstLine(text)}`,
        at: clock.now(),
        patch: { lastError: text, health: 'failed', modules: stopped(plugin.modules) },
      })
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
