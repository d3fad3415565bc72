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

/**
 * At server start: starts the worker of every `ready` plugin with no active task (those belong to
 * task recovery), in the workspaces that have plugins on disk, one at a time. A plugin whose worker
 * does not start goes `error` with the reason, through the supervision service. Once `signal` aborts
 * (the server is stopping) no further plugin starts, the one loading is cancelled, and neither counts
 * as a failure.
 */
export async function restartReadyPlugins(options: {
  store: Store
  runtime: Runtime
  supervision: SupervisionService
  /** `<runtime dir>/plugins`: its folders are the workspaces that have plugins. */
  pluginsRoot: string
  logger?: SupervisionLogger
  signal?: AbortSignal
}): Promise<{ started: number; failed: number }> {
  const { store, runtime, supervision, logger } = options
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
        await supervision.state(workspaceId, plugin.id, await runtime.start(ctx))
        started++
      } catch (error) {
        if (signal.aborted) break
        failed++
        const text =
          error instanceof StepFailure
            ? fullErrorText(error.message, error.detail)
            : String((error as Error).message)
        await supervision.startFailed(workspaceId, plugin.id, text)
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
