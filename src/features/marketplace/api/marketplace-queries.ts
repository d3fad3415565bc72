import { keepPreviousData, queryOptions, useMutation } from '@tanstack/react-query'
import type { MarketplaceEntry, MarketplaceList } from '#core/api/marketplace-schemas.ts'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import { apiPaths, apiRequest, toSearch } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { installRequest } from '#src/lib/operation-requests.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'

export const marketplaceQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'marketplace'] as const,
  list: (workspaceId: string, params: { q?: string; category?: string } = {}) =>
    queryOptions({
      queryKey: [...marketplaceQueries.all(workspaceId), 'list', params] as const,
      queryFn: ({ signal }) =>
        apiRequest<MarketplaceList>(`${apiPaths.marketplace(workspaceId)}${toSearch(params)}`, { signal }),
      placeholderData: keepPreviousData,
      staleTime: 60_000,
    }),
}

/** What installing a catalog entry posts: the plugin itself, or every member of a bundle. */
export function installItemsFor(entry: MarketplaceEntry, version: string) {
  if (entry.bundle && entry.bundle.length > 0) {
    return entry.bundle.map((member) => ({
      source: 'marketplace' as const,
      pluginId: member.pluginId,
      version: member.version,
    }))
  }
  const sourceId = entry.sourceId === 'catalog' ? {} : { sourceId: entry.sourceId }
  return [{ source: 'marketplace' as const, pluginId: entry.pluginId, version, ...sourceId }]
}

export function useInstall(workspaceId: string) {
  const recordTask = useTaskSink()
  return useMutation({
    mutationFn: ({ entry, version }: { entry: MarketplaceEntry; version: string }) => {
      const request = installRequest(workspaceId, installItemsFor(entry, version))
      return apiRequest<TaskResponse>(request.path, request.options)
    },
    onSuccess: ({ task }) => recordTask(workspaceId, task),
    onError: (error, { entry }) => toastMutationError(error, entry.name),
  })
}
