import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { MarketplaceList } from '#core/api/marketplace-schemas.ts'
import type {
  PluginDetail,
  PluginEventList,
  PluginHealthHistory,
  PluginList,
  PluginLogs,
  PluginSort,
} from '#core/api/plugin-schemas.ts'
import type { PluginStatus } from '#core/plugins/plugin-status.ts'
import { apiPaths, apiRequest, toSearch } from '#src/lib/api-client.ts'
import { takeFirstList } from '#src/lib/first-list.ts'
import { detailPollInterval } from './detail-polling.ts'

export interface PluginListParams {
  q?: string
  status?: PluginStatus
  category?: string
  sort?: PluginSort
  page?: number
  pageSize?: number
}

export const PLUGIN_PAGE_SIZE = 50

export const pluginQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'plugins'] as const,
  lists: (workspaceId: string) => [...pluginQueries.all(workspaceId), 'list'] as const,
  list: (workspaceId: string, params: PluginListParams = {}) =>
    queryOptions({
      queryKey: [...pluginQueries.lists(workspaceId), params] as const,
      queryFn: ({ signal }) => {
        const path = `${apiPaths.plugins(workspaceId)}${toSearch({ pageSize: PLUGIN_PAGE_SIZE, ...params })}`
        // The page's first list may be on its way already, asked for by index.html's script.
        return apiRequest<PluginList>(path, { signal, sent: takeFirstList(path) })
      },
      placeholderData: keepPreviousData,
    }),
  details: (workspaceId: string) => [...pluginQueries.all(workspaceId), 'detail'] as const,
  detail: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id] as const,
      queryFn: ({ signal }) => apiRequest<PluginDetail>(apiPaths.plugin(workspaceId, id), { signal }),
      refetchInterval: (query) => detailPollInterval(query.state.data),
    }),
  events: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id, 'events'] as const,
      queryFn: ({ signal }) =>
        apiRequest<PluginEventList>(
          `${apiPaths.pluginEvents(workspaceId, id)}${toSearch({ pageSize: 100 })}`,
          {
            signal,
          },
        ),
    }),
  health: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id, 'health'] as const,
      queryFn: ({ signal }) =>
        apiRequest<PluginHealthHistory>(apiPaths.pluginHealth(workspaceId, id), { signal }),
    }),
  logs: (workspaceId: string, id: string) =>
    queryOptions({
      queryKey: [...pluginQueries.details(workspaceId), id, 'logs'] as const,
      queryFn: ({ signal }) => apiRequest<PluginLogs>(apiPaths.pluginLogs(workspaceId, id), { signal }),
    }),
  /** The catalog versions a plugin can be upgraded to (the marketplace entry with the same ref). */
  /** The marketplace entry of an installed plugin, from the source it was installed from. */
  catalogEntry: (workspaceId: string, pluginRef: string, sourceId = 'catalog') =>
    queryOptions({
      queryKey: ['workspaces', workspaceId, 'catalog-entry', pluginRef, sourceId] as const,
      queryFn: async ({ signal }) => {
        const list = await apiRequest<MarketplaceList>(
          `${apiPaths.marketplace(workspaceId)}${toSearch({ q: pluginRef })}`,
          { signal },
        )
        return list.items.find((entry) => entry.pluginId === pluginRef && entry.sourceId === sourceId) ?? null
      },
      staleTime: 60_000,
    }),
}
