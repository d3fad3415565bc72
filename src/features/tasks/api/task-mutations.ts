import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClearTasksResponse, Task, TaskBase, TaskResponse } from '#core/api/task-schemas.ts'
import { isActive, isTerminal } from '#core/tasks/task-status.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { removeTasksFromCache, writeTaskToCache } from './task-cache.ts'
import { taskQueries } from './task-queries.ts'
import { fallbackRetryFor, retryRequestFor } from './task-retry.ts'

/** How often a task being cancelled is asked for until it ends (its rollback takes moments). */
export const CANCEL_FOLLOW_MS = 500
/** After this long the 5 s polling of the task list takes over again. */
const CANCEL_FOLLOW_LIMIT_MS = 15_000

/**
 * Cancels, then follows that one task closely until it ends, so "Cancelling…" turns into its
 * outcome as soon as the server has rolled back, not at the next poll of the whole list.
 */
export function useCancelTask(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (taskId: string) => {
      let { task } = await apiRequest<TaskResponse>(apiPaths.taskCancel(workspaceId, taskId), {
        method: 'POST',
      })
      const until = Date.now() + CANCEL_FOLLOW_LIMIT_MS
      while (isActive(task.status) && Date.now() < until) {
        writeTaskToCache(queryClient, workspaceId, task)
        await new Promise((resolve) => setTimeout(resolve, CANCEL_FOLLOW_MS))
        task = await apiRequest<Task>(apiPaths.task(workspaceId, taskId))
      }
      return task
    },
    onSuccess: (task) => writeTaskToCache(queryClient, workspaceId, task),
    onError: (error) => toastMutationError(error),
  })
}

export function useRetryTask(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (task: TaskBase) => {
      const request = retryRequestFor(workspaceId, task)
      if (!request) throw new Error('This task cannot be retried')
      try {
        return await apiRequest<TaskResponse>(request.path, request.options)
      } catch (error) {
        const fallback = fallbackRetryFor(workspaceId, task, error)
        if (!fallback) throw error
        return apiRequest<TaskResponse>(fallback.path, fallback.options)
      }
    },
    onSuccess: ({ task }) => writeTaskToCache(queryClient, workspaceId, task),
    onError: (error, task) => toastMutationError(error, task.items[0]?.pluginName),
  })
}

export function useClearTask(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (taskId: string) =>
      apiRequest<void>(apiPaths.task(workspaceId, taskId), { method: 'DELETE' }),
    onSuccess: (_data, taskId) =>
      removeTasksFromCache(queryClient, workspaceId, (task) => task.id !== taskId),
    onError: (error) => toastMutationError(error),
  })
}

export function useClearCompletedTasks(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => apiRequest<ClearTasksResponse>(apiPaths.tasksClear(workspaceId), { method: 'POST' }),
    onSuccess: () => {
      removeTasksFromCache(queryClient, workspaceId, (task) => !isTerminal(task.status))
      // Older pages shift once tasks are gone; the newest page stays (the poll owns it).
      queryClient.removeQueries({
        queryKey: taskQueries.lists(workspaceId),
        predicate: (query) => (query.queryKey.at(-1) as { page?: number } | undefined)?.page !== 1,
      })
    },
    onError: (error) => toastMutationError(error),
  })
}
