import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { Source, SourceCreate, SourceList, SourceUpdate } from '#core/api/source-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { marketplaceQueries } from './marketplace-queries.ts'

export const sourceQueries = {
  list: (workspaceId: string) =>
    queryOptions({
      queryKey: ['workspaces', workspaceId, 'sources'] as const,
      queryFn: ({ signal }) => apiRequest<SourceList>(apiPaths.sources(workspaceId), { signal }),
    }),
}

/** Adding or removing a source changes what the marketplace lists. */
function useSourceChange<T>(workspaceId: string, run: (input: T) => Promise<unknown>, subject: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sourceQueries.list(workspaceId).queryKey })
      void queryClient.invalidateQueries({ queryKey: marketplaceQueries.all(workspaceId) })
    },
    onError: (error) => toastMutationError(error, subject),
  })
}

export function useAddSource(workspaceId: string) {
  return useSourceChange(
    workspaceId,
    (input: SourceCreate) =>
      apiRequest<Source>(apiPaths.sources(workspaceId), { method: 'POST', body: input }),
    'the source',
  )
}

export function useUpdateSource(workspaceId: string) {
  return useSourceChange(
    workspaceId,
    ({ id, ...input }: SourceUpdate & { id: string }) =>
      apiRequest<Source>(apiPaths.source(workspaceId, id), { method: 'PATCH', body: input }),
    'the signature policy',
  )
}

export function useRemoveSource(workspaceId: string) {
  return useSourceChange(
    workspaceId,
    (id: string) => apiRequest(apiPaths.source(workspaceId, id), { method: 'DELETE' }),
    'the source',
  )
}
