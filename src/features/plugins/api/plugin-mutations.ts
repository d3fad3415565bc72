import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query'
import type { Plugin, PluginDetail, PluginList } from '#core/api/plugin-schemas.ts'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import type { PluginAction } from '#core/plugins/plugin-actions.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import {
  installRequest,
  type PluginOperation as LibPluginOperation,
  operationRequest,
} from '#src/lib/operation-requests.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'
import { pluginQueries } from './plugin-queries.ts'

export type PluginOperation = LibPluginOperation | { action: 'reinstall' }

/** The request that starts one operation on an installed plugin. */
export function startPluginOperation(workspaceId: string, plugin: Plugin, operation: PluginOperation) {
  // A soft-uninstalled plugin comes back through an install of the same id; its data is reused.
  const request =
    operation.action === 'reinstall'
      ? installRequest(workspaceId, [
          { source: 'marketplace', pluginId: plugin.pluginId, version: plugin.version },
        ])
      : operationRequest(workspaceId, plugin.id, operation)
  return apiRequest<TaskResponse>(request.path, request.options)
}

/** Starts an operation; the returned task goes into the task cache (which restarts polling). */
export function usePluginOperation(workspaceId: string) {
  const recordTask = useTaskSink()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ plugin, operation }: { plugin: Plugin; operation: PluginOperation }) =>
      startPluginOperation(workspaceId, plugin, operation),
    onSuccess: ({ task }, { plugin }) => {
      recordTask(workspaceId, task)
      markActiveTask(queryClient, workspaceId, plugin.id, task.id)
    },
    onError: (error, { plugin }) => toastMutationError(error, plugin.name),
  })
}

export const ACTION_LABELS: Record<PluginAction, string> = {
  enable: 'Enable',
  disable: 'Disable',
  restart: 'Restart',
  upgrade: 'Upgrade…',
  approve: 'Approve upgrade…',
  reject: 'Reject upgrade',
  uninstall: 'Uninstall…',
  reinstall: 'Reinstall',
  purge: 'Purge data…',
}

/**
 * Shows the started task on the plugin's row and page at once, without a request: the next
 * refresh (when the task succeeds) brings the server's state.
 */
function markActiveTask(queryClient: QueryClient, workspaceId: string, pluginId: string, taskId: string) {
  queryClient.setQueriesData<PluginList>({ queryKey: pluginQueries.lists(workspaceId) }, (list) =>
    list
      ? {
          ...list,
          items: list.items.map((item) => (item.id === pluginId ? { ...item, activeTaskId: taskId } : item)),
        }
      : list,
  )
  queryClient.setQueryData<PluginDetail>(pluginQueries.detail(workspaceId, pluginId).queryKey, (detail) =>
    detail ? { ...detail, activeTaskId: taskId } : detail,
  )
}
