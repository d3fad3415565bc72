import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import { createLogBatcher } from '#server/app/events/log-batcher.ts'
import type { AppDeps, PlacementFence, StartResult, SupervisionReports } from '#server/app/ports.ts'
import { TransitionForbidden, writePluginStatus } from './plugin-status-writer.ts'

/** Who the supervisor is in a plugin's timeline. */
const SUPERVISOR_ACTOR = 'supervisor'

export interface SupervisionLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
}

/** How a supervision outcome ended: written, not written because the table forbids it, or left alone. */
type SupervisionOutcome = 'recorded' | 'refused' | 'ignored'

const stopped = (plugin: Plugin) => plugin.modules.map((m) => ({ ...m, status: 'stopped' as const }))

/**
 * What the runtime's supervision means for the plugin rows: a worker given up on, or one that
 * did not start with the server, moves its plugin to `error` through the one lifecycle-checked
 * status write; health and module changes are written while the plugin is `ready` and no task
 * owns it (a task writes its own outcome). Runtime events go to the change feed from here, and
 * only from here: log lines through the log batcher, so a chatty worker cannot flood the stream.
 */
export function createSupervisionService(
  deps: Pick<AppDeps, 'store' | 'clock' | 'changes'> & {
    /**
     * Cluster mode: this node's incarnation while it holds its lease, null once it lost it. Every
     * write is fenced by the plugin's placement on it (the store checks it in the write itself).
     */
    placement?: () => PlacementFence | null
  },
  logger?: SupervisionLogger,
) {
  const { store, clock } = deps
  const publishRuntime = (
    workspaceId: string,
    pluginId: string,
    event: Omit<RuntimeStreamEvent, 'pluginId'>,
  ) => deps.changes?.publish(workspaceId, { type: 'runtime', data: { pluginId, ...event } })
  const logLines = createLogBatcher({ clock, publish: publishRuntime })
  /** What the runtime last said of each worker here: the health check writes only on a change. */
  const reported = new Map<string, StartResult>()
  const keyOf = (workspaceId: string, pluginId: string) => `${workspaceId}\u0000${pluginId}`
  /** The fence of the next write: `{}` on one process, null when this node may write nothing. */
  const fence = (): { placedOn?: PlacementFence } | null => {
    if (!deps.placement) return {}
    const placedOn = deps.placement()
    return placedOn ? { placedOn } : null
  }

  /** `<status> → error` with the full text as lastError; a plugin a task owns is left to its task. */
  async function fail(workspaceId: string, pluginId: string, text: string, reason: string) {
    const plugin = await store.getPlugin(workspaceId, pluginId)
    if (!plugin || plugin.activeTaskId || plugin.status === 'error') return 'ignored'
    const fenced = fence()
    if (!fenced) return 'ignored'
    try {
      const moved = await writePluginStatus(store, workspaceId, pluginId, {
        from: plugin.status,
        to: 'error',
        actor: SUPERVISOR_ACTOR,
        reason,
        at: clock.now(),
        patch: { lastError: text, health: 'failed', modules: stopped(plugin) },
        ...fenced,
      })
      return moved ? 'recorded' : 'ignored'
    } catch (error) {
      if (!(error instanceof TransitionForbidden)) throw error
      logger?.warn('supervision write refused by the lifecycle table', { workspaceId, pluginId, reason })
      return 'refused'
    }
  }

  const service = {
    /** The runtime gave up on the worker (too many crashes in a row). */
    async failed(workspaceId: string, pluginId: string, reason: string): Promise<SupervisionOutcome> {
      const outcome = await fail(workspaceId, pluginId, reason, firstLine(reason))
      logger?.warn('plugin failed', { workspaceId, pluginId, reason: firstLine(reason), outcome })
      return outcome
    },

    /** The worker of a `ready` plugin did not start with the server. */
    startFailed(workspaceId: string, pluginId: string, text: string): Promise<SupervisionOutcome> {
      return fail(workspaceId, pluginId, text, `did not start with the server: ${firstLine(text)}`)
    },

    async state(workspaceId: string, pluginId: string, state: StartResult): Promise<void> {
      reported.set(keyOf(workspaceId, pluginId), state)
      const plugin = await store.getPlugin(workspaceId, pluginId)
      if (plugin?.status !== 'ready' || plugin.activeTaskId) return
      if (plugin.health === state.health && sameModules(plugin.modules, state.modules)) return
      await service.mark(workspaceId, pluginId, { health: state.health, modules: state.modules })
    },

    /**
     * Cluster mode: another node wrote this plugin's health `unknown` while this one was silent (a
     * pause); the worker's health did not change meanwhile, so it is written again from what the
     * runtime last said. `clearError`: the lastError is that node's note, dropped with it.
     */
    async restate(workspaceId: string, pluginId: string, clearError: boolean): Promise<void> {
      const last = reported.get(keyOf(workspaceId, pluginId))
      if (!last) return
      const plugin = await store.getPlugin(workspaceId, pluginId)
      if (plugin?.status !== 'ready' || plugin.activeTaskId || plugin.health === last.health) return
      await service.mark(workspaceId, pluginId, {
        health: last.health,
        modules: last.modules,
        ...(clearError ? { lastError: null } : {}),
      })
    },

    /**
     * A runtime write of health and modules: in cluster mode only while the plugin runs on this
     * node's current incarnation (a late write of a node that lost its lease lands nowhere).
     */
    async mark(
      workspaceId: string,
      pluginId: string,
      patch: Pick<Plugin, 'health' | 'modules'> & Partial<Pick<Plugin, 'lastError'>>,
    ): Promise<Plugin | null> {
      const fenced = fence()
      if (!fenced) {
        logger?.warn('runtime write refused: this node no longer holds its lease', { workspaceId, pluginId })
        return null
      }
      return store.updatePlugin(workspaceId, pluginId, patch, fenced.placedOn)
    },

    event(workspaceId: string, pluginId: string, event: Omit<RuntimeStreamEvent, 'pluginId'>): void {
      if (event.kind === 'log') logLines.add(workspaceId, pluginId, event.message ?? '')
      else publishRuntime(workspaceId, pluginId, event)
    },
  }
  return service
}

/** The service as the runtime's listener; callbacks never throw at a worker, failures are logged. */
export function supervisionReports(
  service: SupervisionService,
  logger?: SupervisionLogger,
): SupervisionReports {
  const logged = (what: string, workspaceId: string, pluginId: string) => (error: Error) =>
    logger?.warn(`could not record ${what}`, { workspaceId, pluginId, error: error.message })
  return {
    failed: (workspaceId, pluginId, reason) =>
      service
        .failed(workspaceId, pluginId, reason)
        .then(() => {})
        .catch(logged('a failed plugin', workspaceId, pluginId)),
    state: (workspaceId, pluginId, state) =>
      service.state(workspaceId, pluginId, state).catch(logged('plugin health', workspaceId, pluginId)),
    event: service.event,
  }
}

function sameModules(a: Plugin['modules'], b: Plugin['modules']): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export type SupervisionService = ReturnType<typeof createSupervisionService>
