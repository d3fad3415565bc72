import type { QueryClient } from '@tanstack/react-query'
import type { Plugin, PluginDetail, PluginList } from '#core/api/plugin-schemas.ts'
import { RESYNC_EVENT, type StreamEventType, type StreamPayloads } from '#core/api/stream-events.ts'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import { isActive, isTerminal } from '#core/tasks/task-status.ts'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { marketplaceQueries } from '#src/features/marketplace/api/marketplace-queries.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { removeTasksFromCache, writeTaskToCache } from '#src/features/tasks/api/task-cache.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { updateQueries } from '#src/features/updates/api/update-queries.ts'
import { memberQueries } from '#src/features/workspaces/api/member-queries.ts'
import { workspaceQueries } from '#src/features/workspaces/api/workspace-queries.ts'

/**
 * What one pushed event does to the query cache (docs/api.md). Tasks are written in, so the task
 * watcher sees them as if it had polled them: news of an active task starts the polling rule by
 * itself, and the end of one is seen at once. Plugin rows are patched where cached and the lists refreshed when what they show may
 * have changed; everything else is invalidated, so only what is on screen is fetched again.
 */
export function applyStreamEvent(
  queryClient: QueryClient,
  workspaceId: string,
  type: StreamEventType | typeof RESYNC_EVENT,
  data: unknown,
): void {
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey })
  switch (type) {
    case 'task.created':
    case 'task.changed':
      writeTask(queryClient, workspaceId, (data as StreamPayloads['task.changed']).task)
      break
    case 'tasks.removed': {
      const { taskIds } = data as StreamPayloads['tasks.removed']
      const removed = taskIds ? new Set(taskIds) : null
      removeTasksFromCache(queryClient, workspaceId, (task) =>
        removed ? !removed.has(task.id) : isActive(task.status),
      )
      break
    }
    case 'plugin.changed':
      writePlugin(queryClient, workspaceId, (data as StreamPayloads['plugin.changed']).plugin)
      break
    case 'plugin.removed': {
      const { pluginId } = data as StreamPayloads['plugin.removed']
      queryClient.removeQueries({
        queryKey: pluginQueries.detail(workspaceId, pluginId).queryKey,
        exact: true,
      })
      invalidate(pluginQueries.lists(workspaceId))
      invalidate(marketplaceQueries.all(workspaceId))
      break
    }
    case 'runtime': {
      const event = data as StreamPayloads['runtime']
      // A new log line refreshes the log tail alone; anything else may change the runtime part of
      // the detail (restarts, next restart, last crash), the health chart and the log.
      if (event.kind === 'log') invalidate(pluginQueries.logs(workspaceId, event.pluginId).queryKey)
      else invalidate([...pluginQueries.details(workspaceId), event.pluginId])
      break
    }
    case 'members.changed':
      invalidate(memberQueries.all(workspaceId))
      invalidate(authQueries.me().queryKey) // one's own role may be what changed
      break
    case 'settings.changed': {
      const { settings } = data as StreamPayloads['settings.changed']
      queryClient.setQueryData(workspaceQueries.settings(workspaceId).queryKey, settings)
      break
    }
    case 'updates.changed':
      invalidate(updateQueries.all(workspaceId))
      break
    case 'plugin.pinned': {
      const { pluginId, pinned } = data as StreamPayloads['plugin.pinned']
      queryClient.setQueryData<PluginDetail>(
        pluginQueries.detail(workspaceId, pluginId).queryKey,
        (detail) => (detail ? { ...detail, pinned } : detail),
      )
      // The Updates page shows the pin and what an automatic update would take.
      invalidate(updateQueries.all(workspaceId))
      break
    }
    case RESYNC_EVENT:
      // Changes were missed: everything of the workspace is fetched again (what is on screen, now).
      invalidate(workspaceQueries.all(workspaceId))
      break
  }
}

/**
 * A pushed task is written into the polled page only when it is news there (work this tab did not
 * know of: the polling rule starts) or when it ends (the watcher toasts it and refreshes what it
 * touched; polling stops when nothing else runs). Progress of work already known comes with the
 * next poll: every write restarts the poll's interval timer, and the rule keeps its 5 s pace.
 */
function writeTask(queryClient: QueryClient, workspaceId: string, task: Task): void {
  const detailKey = taskQueries.detail(workspaceId, task.id).queryKey
  if (queryClient.getQueryData(detailKey)) queryClient.setQueryData(detailKey, task)
  const latestKey = taskQueries.latest(workspaceId).queryKey
  const list = queryClient.getQueryData<TaskList>(latestKey)
  const cached = list?.items.find((candidate) => candidate.id === task.id)
  if (cached && cached.updatedAt > task.updatedAt) return
  const news = !cached && isActive(task.status)
  const ended = cached !== undefined && isActive(cached.status) && isTerminal(task.status)
  if (news || ended) {
    // A poll still in flight left before this task existed (or ended): its answer must not
    // overwrite the push, or polling would stop while the work runs.
    void queryClient.cancelQueries({ queryKey: latestKey, exact: true })
    writeTaskToCache(queryClient, workspaceId, task)
  } else if (!cached && isTerminal(task.status)) {
    // The end of work this page never saw (its news lost to such a poll): fetch the page again.
    void queryClient.invalidateQueries({ queryKey: latestKey, exact: true })
  }
}

/** Patches the plugin where it is cached; lists are fetched again only when what they show may change. */
function writePlugin(queryClient: QueryClient, workspaceId: string, plugin: Plugin): void {
  let listed = false
  let statusChanged = false
  queryClient.setQueriesData<PluginList>({ queryKey: pluginQueries.lists(workspaceId) }, (list) => {
    const current = list?.items.find((candidate) => candidate.id === plugin.id)
    if (!list || !current) return list
    listed = true
    if (current.revision >= plugin.revision) return list
    statusChanged ||= current.status !== plugin.status
    return { ...list, items: list.items.map((item) => (item.id === plugin.id ? plugin : item)) }
  })
  const detailKey = pluginQueries.detail(workspaceId, plugin.id).queryKey
  queryClient.setQueryData<PluginDetail>(detailKey, (detail) =>
    detail && detail.revision < plugin.revision ? { ...detail, ...plugin } : detail,
  )
  // The events timeline and the runtime part follow the row.
  void queryClient.invalidateQueries({ queryKey: [...pluginQueries.details(workspaceId), plugin.id] })
  if (!listed || statusChanged) {
    void queryClient.invalidateQueries({ queryKey: pluginQueries.lists(workspaceId) })
    void queryClient.invalidateQueries({ queryKey: marketplaceQueries.all(workspaceId) })
  }
}
