import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import type { UpdateList } from '#core/api/update-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'

export const updateQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'updates'] as const,
  /**
   * Installed plugins with a newer version in their source. Not polled: the server's background
   * check pushes `updates.changed` when they change (the badges of the plugin list and page).
   */
  list: (workspaceId: string) =>
    queryOptions({
      queryKey: [...updateQueries.all(workspaceId), 'list'] as const,
      queryFn: ({ signal }) => apiRequest<UpdateList>(apiPaths.updates(workspaceId), { signal }),
      staleTime: 30_000,
    }),
  policy: (workspaceId: string) =>
    queryOptions({
      queryKey: [...updateQueries.all(workspaceId), 'policy'] as const,
      queryFn: ({ signal }) => apiRequest<UpdatePolicy>(apiPaths.updatePolicy(workspaceId), { signal }),
    }),
}

/** Updates several plugins at once: one task, one item per plugin. */
export function useUpdateSeveral(workspaceId: string) {
  const recordTask = useTaskSink()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (items: { pluginId: string; version: string }[]) =>
      apiRequest<TaskResponse>(apiPaths.updates(workspaceId), { method: 'POST', body: { items } }),
    onSuccess: ({ task }) => {
      recordTask(workspaceId, task)
      void queryClient.invalidateQueries({ queryKey: updateQueries.all(workspaceId) })
    },
    onError: (error) => toastMutationError(error, 'the update'),
  })
}

export function useSetPolicy(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (policy: UpdatePolicy) =>
      apiRequest<UpdatePolicy>(apiPaths.updatePolicy(workspaceId), { method: 'PATCH', body: policy }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: updateQueries.all(workspaceId) }),
    onError: (error) => toastMutationError(error, 'the update policy'),
  })
}

export function usePin(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ pluginId, pinned }: { pluginId: string; pinned: boolean }) =>
      apiRequest(apiPaths.pluginPin(workspaceId, pluginId), { method: pinned ? 'POST' : 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: updateQueries.all(workspaceId) }),
    onError: (error) => toastMutationError(error, 'the pin'),
  })
}
