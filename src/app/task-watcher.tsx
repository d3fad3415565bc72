import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import type { TaskList, TaskSummary } from '#core/api/task-schemas.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { newlyFinishedTasks, newlyStartedTasks, taskTitle } from '#src/features/tasks/api/task-changes.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { pluginsToRefresh } from '#src/features/tasks/api/task-refresh.ts'
import { updateQueries } from '#src/features/updates/api/update-queries.ts'
import { notify } from '#src/lib/notify.ts'

/**
 * The one owner of task side effects, mounted once per workspace at the app root. It observes the
 * polled task list (which is what makes the polling run), and on each new snapshot: refreshes
 * the plugin lists (rows and marketplace cards) once and the page of each plugin whose item ended,
 * whatever the outcome (a failed install leaves a plugin in `error`, a cancelled one removes it),
 * toasts finished tasks, and announces changes to screen readers. Everything else only reads the cache.
 */
export function TaskWatcher({ workspaceId }: { workspaceId: string }) {
  const queryClient = useQueryClient()
  const { data } = useQuery(taskQueries.latest(workspaceId))
  const previous = useRef<TaskList | undefined>(undefined)
  const [announcement, setAnnouncement] = useState('')

  useEffect(() => {
    const before = previous.current
    previous.current = data
    if (!data || before === data) return

    const refresh = pluginsToRefresh(before, data, (pluginId) =>
      isPluginCached(queryClient, workspaceId, pluginId),
    )
    if (refresh.length > 0) {
      void queryClient.invalidateQueries({ queryKey: pluginQueries.lists(workspaceId) })
      // A plugin that changed version may have no update left (or a new one).
      void queryClient.invalidateQueries({ queryKey: updateQueries.all(workspaceId) })
      for (const pluginId of refresh) {
        void queryClient.invalidateQueries({ queryKey: pluginQueries.detail(workspaceId, pluginId).queryKey })
      }
    }

    const finished = newlyFinishedTasks(before, data)
    for (const task of finished) toastFinished(task)
    const started = newlyStartedTasks(before, data)
    const messages = [
      ...started.map((task) => `${taskTitle(task)} started`),
      ...finished.map(describeFinished),
    ]
    if (messages.length > 0) setAnnouncement(messages.join('. '))
  }, [data, queryClient, workspaceId])

  return (
    <div aria-live="polite" role="status" className="sr-only" data-testid="task-announcer">
      {announcement}
    </div>
  )
}

/** Whether a cached list (a row, a marketplace card) or page shows the plugin. */
function isPluginCached(queryClient: QueryClient, workspaceId: string, pluginId: string): boolean {
  if (queryClient.getQueryData(pluginQueries.detail(workspaceId, pluginId).queryKey)) return true
  return queryClient
    .getQueriesData<PluginList>({ queryKey: pluginQueries.lists(workspaceId) })
    .some(([, list]) => list?.items.some((plugin) => plugin.id === pluginId) ?? false)
}

function describeFinished(task: TaskSummary): string {
  if (task.status === 'success') return `${taskTitle(task)} succeeded`
  if (task.status === 'cancelled') return `${taskTitle(task)} was cancelled`
  return `${taskTitle(task)} failed: ${task.counts.failed} of ${task.counts.total} failed`
}

function toastFinished(task: TaskSummary) {
  const title = taskTitle(task)
  if (task.status === 'success') {
    notify('success', `${title} succeeded`)
    return
  }
  if (task.status === 'cancelled') {
    notify('info', `${title} was cancelled`)
    return
  }
  const failedItem = task.items.find((item) => item.status === 'failed')
  notify(
    'error',
    `${title} failed`,
    failedItem?.error ? `${failedItem.pluginName}: ${firstLine(failedItem.error.message)}` : undefined,
  )
}
