import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClearTasksResponse, Task, TaskResponse } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { removeTasksFromCache, writeTaskToCache } from './task-cache.ts'
import { taskQueries } from './task-queries.ts'
import { fallbackRetryFor, retryRequestFor } from './task-retry.ts'

export function useCancelTask(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (taskId: string) =>
      apiRequest<TaskResponse>(apiPaths.taskCancel(workspaceId, taskId), { method: 'POST' }),
    onSuccess: ({ task }) => writeTaskToCache(queryClient, workspaceId, task),
    onError: (error) => toastMutationError(error),
  })
}

export function useRetryTask(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (task: Task) => {
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
