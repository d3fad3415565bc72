import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClusterNodeInfo, NodeList } from '#core/api/node-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'

/** The nodes change by themselves (heartbeats, moves): the page polls like the task panel. */
export const NODES_POLL_MS = 5_000

export const nodeQueries = {
  all: () => ['nodes'] as const,
  list: () =>
    queryOptions({
      queryKey: nodeQueries.all(),
      queryFn: ({ signal }) => apiRequest<NodeList>(apiPaths.nodes, { signal }),
      refetchInterval: NODES_POLL_MS,
    }),
}

export function useDrainNode() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) =>
      apiRequest<{ node: ClusterNodeInfo }>(apiPaths.nodeDrain(name), { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: nodeQueries.all() }),
  })
}
