import { isPluginStatus } from '#core/plugins/plugin-status.ts'
import { PLUGIN_PAGE_SIZE, type PluginListParams } from '../api/plugin-queries.ts'
import { PLUGIN_SORTS } from './plugin-filters.tsx'
import { PLUGIN_PAGE_SIZES } from './plugin-pagination.tsx'

/**
 * The list the plugins page shows for its URL's search params: read by the page and by the route's
 * loader, which starts the same query before the page renders.
 */
export function pluginListParams(
  params: URLSearchParams,
  q = params.get('q')?.trim() ?? '',
): PluginListParams {
  const rawStatus = params.get('status')
  const rawSort = params.get('sort')
  const pageSize = Number(params.get('pageSize'))
  return {
    q: q || undefined,
    status: isPluginStatus(rawStatus) ? rawStatus : undefined,
    category: params.get('category') ?? undefined,
    sort: PLUGIN_SORTS.find((value) => value === rawSort) ?? 'name',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PLUGIN_PAGE_SIZES.includes(pageSize) ? pageSize : PLUGIN_PAGE_SIZE,
  }
}
