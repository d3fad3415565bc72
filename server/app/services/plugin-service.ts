import type { Page } from '#core/api/common-schemas.ts'
import type {
  Plugin,
  PluginDetail,
  PluginEvent,
  PluginHealthHistory,
  PluginList,
  PluginListQuery,
  PluginLogs,
} from '#core/api/plugin-schemas.ts'
import type { Task, TaskItemParams, TaskKind } from '#core/api/task-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { PluginAction } from '#core/plugins/plugin-actions.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { devFoldersOf } from './dev-service.ts'
import { createTaskOrThrow, newTask } from './new-task.ts'
import { assertCanStart } from './transition-guard.ts'

export type SimpleAction = Extract<PluginAction, 'enable' | 'disable' | 'restart' | 'approve' | 'reject'>

/** Use-cases on installed plugins: reads, and every action that becomes a task. */
export function createPluginService(deps: AppDeps, runner: TaskRunner) {
  const { store } = deps

  async function getOr404(workspaceId: string, id: string): Promise<Plugin> {
    const plugin = await store.getPlugin(workspaceId, id)
    if (!plugin) throw new ApiError('NOT_FOUND', `unknown plugin ${id}`)
    return plugin
  }

  // The detail page polls: a row is read again only when the workspace's plugins changed.
  const detailRows = new Map<string, { version: string; plugin: Plugin }>()
  async function detailRow(workspaceId: string, id: string): Promise<Plugin> {
    const key = `${workspaceId}\u0000${id}`
    const version = await store.pluginsVersion(workspaceId)
    const kept = detailRows.get(key)
    if (kept?.version === version) return kept.plugin
    const plugin = await getOr404(workspaceId, id)
    detailRows.delete(key)
    if (detailRows.size >= 1_000) detailRows.delete(detailRows.keys().next().value as string)
    detailRows.set(key, { version, plugin })
    return plugin
  }

  /**
   * Checks the action against the lifecycle table, claims the plugin, and queues the task (of the
   * action's own kind; a purge is an uninstall task with `purge`).
   */
  async function startTask(
    workspaceId: string,
    plugin: Plugin,
    action: (PluginAction & TaskKind) | 'purge',
    actor: string,
    item: { version?: string; params?: TaskItemParams; kind?: TaskKind } = {},
  ): Promise<Task> {
    assertCanStart(action, plugin)
    const kind: TaskKind = item.kind ?? (action === 'purge' ? 'uninstall' : action)
    const task = newTask(deps, {
      workspaceId,
      kind,
      actor,
      items: [
        {
          pluginId: plugin.id,
          pluginRef: plugin.pluginId,
          pluginName: plugin.name,
          version: item.version ?? plugin.version,
          ...(item.params ? { params: item.params } : {}),
        },
      ],
    })
    const created = await createTaskOrThrow(deps, task, [
      { pluginId: plugin.id, expectStatus: plugin.status },
    ])
    runner.enqueue(created)
    return created
  }

  return {
    /** List rows carry a summary of the last error (its first line); the detail has the full text. */
    async list(workspaceId: string, query: PluginListQuery): Promise<PluginList> {
      const page = await store.listPlugins(workspaceId, query)
      for (const plugin of page.items) if (plugin.lastError) plugin.lastError = firstLine(plugin.lastError)
      if (deps.nodes) {
        const placed = await deps.nodes.placements(workspaceId)
        for (const plugin of page.items) plugin.node = placed.get(plugin.id) ?? null
      }
      return page
    },
    listVersion: (workspaceId: string): Promise<string> => store.pluginsVersion(workspaceId),

    async detail(workspaceId: string, id: string): Promise<PluginDetail> {
      const plugin = await detailRow(workspaceId, id)
      const pinned = (await deps.updatePolicies?.pins(workspaceId))?.has(id) ?? false
      const detail: PluginDetail = { ...plugin, runtime: deps.runtime.info(workspaceId, id), pinned }
      if (!deps.nodes) return detail
      const nodeStatus = await deps.nodes.statusOf(workspaceId, id)
      return { ...detail, node: nodeStatus?.name ?? null, nodeStatus }
    },

    async events(
      workspaceId: string,
      id: string,
      page: number,
      pageSize: number,
    ): Promise<Page<PluginEvent>> {
      await getOr404(workspaceId, id)
      return store.listEvents(workspaceId, id, page, pageSize)
    },

    /** Health history and log tail come from the runtime; a runtime without them answers empty. */
    async health(workspaceId: string, id: string): Promise<PluginHealthHistory> {
      await getOr404(workspaceId, id)
      return { items: deps.runtime.healthHistory?.(workspaceId, id) ?? [] }
    },

    async logs(workspaceId: string, id: string): Promise<PluginLogs> {
      await getOr404(workspaceId, id)
      return { text: deps.runtime.logs?.(workspaceId, id) ?? null }
    },

    async act(workspaceId: string, id: string, action: SimpleAction, actor: string): Promise<Task> {
      return startTask(workspaceId, await getOr404(workspaceId, id), action, actor)
    },

    async upgrade(workspaceId: string, id: string, version: string, actor: string): Promise<Task> {
      const plugin = await getOr404(workspaceId, id)
      assertCanStart('upgrade', plugin)
      if (version === plugin.version) {
        throw new ApiError('CONFLICT', `${plugin.pluginId} is already on version ${version}`, { version })
      }
      // A registry plugin's version is resolved (and verified) by the task's first step.
      if (plugin.source.type !== 'registry' && !(await deps.catalog.resolve(plugin.pluginId, version))) {
        throw new ApiError('NOT_FOUND', `version ${version} of ${plugin.pluginId} is not in the catalog`)
      }
      return startTask(workspaceId, plugin, 'upgrade', actor, {
        version,
        params: { fromVersion: plugin.version },
      })
    },

    /**
     * Dev mode: a reload task for a plugin in development. In the lifecycle a reload is a restart
     * (ready → ready), so the restart's rule decides whether it may start.
     */
    async reload(workspaceId: string, id: string, actor: string): Promise<Task> {
      devFoldersOf(deps)
      const plugin = await getOr404(workspaceId, id)
      if (!plugin.source.dev) {
        throw new ApiError('CONFLICT', `${plugin.pluginId} is not a plugin in development`)
      }
      return startTask(workspaceId, plugin, 'restart', actor, { kind: 'reload' })
    },

    /** Uninstalls (soft or with purge); a soft-uninstalled plugin can still be purged. */
    async uninstall(workspaceId: string, id: string, purge: boolean, actor: string): Promise<Task> {
      const plugin = await getOr404(workspaceId, id)
      const action = purge && plugin.status === 'uninstalled' ? 'purge' : 'uninstall'
      return startTask(workspaceId, plugin, action, actor, { params: { purge } })
    },
  }
}
