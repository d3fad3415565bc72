import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { WorkspaceMembership } from '#core/api/auth-schemas.ts'
import type { UpdateSettings, WorkspaceSettings } from '#core/api/workspace-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { notify } from '#src/lib/notify.ts'

export const workspaceQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId] as const,
  settings: (workspaceId: string) =>
    queryOptions({
      queryKey: [...workspaceQueries.all(workspaceId), 'settings'] as const,
      queryFn: ({ signal }) => apiRequest<WorkspaceSettings>(apiPaths.settings(workspaceId), { signal }),
      staleTime: 60_000,
    }),
}

/** `POST /api/workspaces`: the creator owns the new workspace. */
export function useCreateWorkspace() {
  return useMutation({
    mutationFn: (body: { name: string }) =>
      apiRequest<WorkspaceMembership>(apiPaths.workspaces, { method: 'POST', body }),
  })
}

export function useUpdateSettings(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateSettings) =>
      apiRequest<WorkspaceSettings>(apiPaths.settings(workspaceId), { method: 'PATCH', body }),
    // Here, not per call: the settings form starts afresh (remounts) once the new values land.
    onSuccess: (settings) => {
      queryClient.setQueryData(workspaceQueries.settings(workspaceId).queryKey, settings)
      notify('success', 'Settings saved')
    },
    onError: (error) => notify('error', 'Could not save the settings', error.message),
  })
}
