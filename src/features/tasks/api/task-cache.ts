import type { QueryClient } from '@tanstack/react-query'
import type { Task, TaskList, TaskSummary } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'
import { summarizeTask } from '#core/tasks/task-summary.ts'
import { TASK_PAGE_SIZE, taskQueries } from './task-queries.ts'

/**
 * Puts a task a mutation returned into the newest page: replaces it by id, or prepends it. Because
 * the polling rule reads this cache entry, an active task written here restarts the polling.
 */
export function mergeTaskIntoList(list: TaskList | undefined, whole: Task): TaskList {
  // The list keeps summaries, as the server's list answers them.
  const task = summarizeTask(whole)
  if (!list) {
    return {
      items: [task],
      total: 1,
      page: 1,
      pageSize: TASK_PAGE_SIZE,
      activeCount: isActive(task.status) ? 1 : 0,
    }
  }
  const existing = list.items.find((candidate) => candidate.id === task.id)
  if (existing) {
    const delta = Number(isActive(task.status)) - Number(isActive(existing.status))
    return {
      ...list,
      items: list.items.map((candidate) => (candidate.id === task.id ? task : candidate)),
      activeCount: Math.max(0, list.activeCount + delta),
    }
  }
  return {
    ...list,
    items: [task, ...list.items],
    total: list.total + 1,
    activeCount: list.activeCount + Number(isActive(task.status)),
  }
}

export function writeTaskToCache(queryClient: QueryClient, workspaceId: string, task: Task) {
  queryClient.setQueryData(taskQueries.latest(workspaceId).queryKey, (list) => mergeTaskIntoList(list, task))
}

/** Removes cleared tasks from every cached page. */
export function removeTasksFromCache(
  queryClient: QueryClient,
  workspaceId: string,
  keep: (task: TaskSummary) => boolean,
) {
  queryClient.setQueriesData<TaskList>({ queryKey: taskQueries.lists(workspaceId) }, (list) => {
    if (!list) return list
    const items = list.items.filter(keep)
    return { ...list, items, total: Math.max(0, list.total - (list.items.length - items.length)) }
  })
}
