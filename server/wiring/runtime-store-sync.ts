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

/**
 * At server start: starts the worker of every `ready` plugin with no active task (those belong to
 * task recovery), in the workspaces that have plugins on disk, one at a time. A plugin whose worker
 * does not start goes `error` with the reason. Once `signal` aborts (the server is stopping) no
 * further plugin starts, the one loading is cancelled, and neither counts as a failure.
 */
export async function restartReadyPlugins(options: {
  store: Store
  runtime: Runtime
  clock: Clock
  /** `<runtime dir>/plugins`: its folders are the workspaces that have plugins. */
  pluginsRoot: string
  logger?: SyncLogger
  signal?: AbortSignal
}): Promise<{ started: number; failed: number }> {
  const { store, runtime, clock, logger } = options
  const signal = options.signal ?? new AbortController().signal
  const workspaces = await readdir(options.pluginsRoot).catch(() => [] as string[])
  let started = 0
  let failed = 0
  for (const workspaceId of workspaces) {
    if (signal.aborted) break
    for (const plugin of await readyPlugins(store, workspaceId)) {
      if (signal.aborted) break
      if (plugin.activeTaskId) continue
      const ctx = { workspaceId, plugin, signal, report: async () => {} }
      try {
        const result = await runtime.start(ctx)
        await store.updatePlugin(workspaceId, plugin.id, { health: result.health, modules: result.modules })
        started++
      } catch (error) {
        if (signal.aborted) break
        failed++
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
      }
    }
  }
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
