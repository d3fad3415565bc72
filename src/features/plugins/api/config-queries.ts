import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import type {
  ConfigCheckResponse,
  ConfigHistory,
  ConfigUpdateRequest,
  PluginConfig,
} from '#core/config/config-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'
import { pluginQueries } from './plugin-queries.ts'

/**
 * Under the plugin's detail key: when a task of the plugin ends, the one refresh of its detail
 * refreshes these too.
 */
export const configQueries = {
  config: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id, 'config'] as const,
      queryFn: ({ signal }) => apiRequest<PluginConfig>(apiPaths.pluginConfig(workspaceId, id), { signal }),
    }),
  history: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id, 'config-history'] as const,
      queryFn: ({ signal }) =>
        apiRequest<ConfigHistory>(apiPaths.pluginConfigHistory(workspaceId, id), { signal }),
    }),
}

/** The problems the server finds in a draft (the same rules as a save); nothing is stored. */
export async function checkConfig(workspaceId: string, pluginId: string, request: ConfigUpdateRequest) {
  const answer = await apiRequest<ConfigCheckResponse>(apiPaths.pluginConfigCheck(workspaceId, pluginId), {
    method: 'POST',
    body: request,
  })
  return answer.problems
}

export type ConfigChangeRequest =
  | { kind: 'save'; request: ConfigUpdateRequest }
  | { kind: 'restore'; version: number }

/** Saves new values or restores a version; the configure task goes into the task panel. */
export function useConfigChange(workspaceId: string, pluginId: string, pluginName: string) {
  const recordTask = useTaskSink()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (change: ConfigChangeRequest) =>
      change.kind === 'save'
        ? apiRequest<TaskResponse>(apiPaths.pluginConfig(workspaceId, pluginId), {
            method: 'PUT',
            body: change.request,
          })
        : apiRequest<TaskResponse>(apiPaths.pluginConfigRestore(workspaceId, pluginId), {
            method: 'POST',
            body: { version: change.version },
          }),
    onSuccess: ({ task }) => {
      recordTask(workspaceId, task)
      void queryClient.invalidateQueries({ queryKey: pluginQueries.detail(workspaceId, pluginId).queryKey })
    },
    // Validation problems are shown beside the form; every other refusal is a toast.
    onError: (error) => toastMutationError(error, pluginName),
  })
}
