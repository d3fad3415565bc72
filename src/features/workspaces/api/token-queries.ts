import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiToken, CreateApiToken, CreatedApiToken } from '#core/api/token-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { workspaceQueries } from './workspace-queries.ts'

export const tokenQueries = {
  all: (workspaceId: string) => [...workspaceQueries.all(workspaceId), 'tokens'] as const,
  list: (workspaceId: string) =>
    queryOptions({
      queryKey: tokenQueries.all(workspaceId),
      queryFn: ({ signal }) => apiRequest<{ items: ApiToken[] }>(apiPaths.apiTokens(workspaceId), { signal }),
    }),
}

function useInvalidateTokens(workspaceId: string) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: tokenQueries.all(workspaceId) })
}

/** The answer carries the secret: it lives only in this mutation's state, never in the query cache. */
export function useCreateToken(workspaceId: string) {
  const invalidate = useInvalidateTokens(workspaceId)
  return useMutation({
    mutationFn: (body: CreateApiToken) =>
      apiRequest<CreatedApiToken>(apiPaths.apiTokens(workspaceId), { method: 'POST', body }),
    onSuccess: invalidate,
  })
}

export function useRevokeToken(workspaceId: string) {
  const invalidate = useInvalidateTokens(workspaceId)
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiRequest<void>(apiPaths.apiToken(workspaceId, tokenId), { method: 'DELETE' }),
    onSettled: invalidate,
  })
}
