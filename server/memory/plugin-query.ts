import type { Page } from '#core/api/common-schemas.ts'
import type { Plugin, PluginListQuery, PluginSort } from '#core/api/plugin-schemas.ts'
import { PLUGIN_STATUSES } from '#core/plugins/plugin-status.ts'
import { pageOf } from './page-of.ts'

/**
 * The plugin list rules every Store must follow (the conformance suite checks them):
 * `q` is a case-insensitive substring of name, pluginId or description; `uninstalled` plugins appear
 * only when `status=uninstalled` is asked for; names compare case-insensitively by code point; every
 * sort ends with the id as tie-break; `status` sorts in lifecycle order, then by name.
 */
export function queryPlugins(plugins: readonly Plugin[], query: PluginListQuery): Page<Plugin> {
  const q = query.q?.toLowerCase()
  const matching = plugins.filter(
    (plugin) =>
      (query.status ? plugin.status === query.status : plugin.status !== 'uninstalled') &&
      (!query.category || plugin.categories.includes(query.category)) &&
      (!q ||
        [plugin.name, plugin.pluginId, plugin.description].some((text) => text.toLowerCase().includes(q))),
  )
  const sorted = matching.sort(comparePlugins(query.sort))
  return pageOf(sorted, query.page, query.pageSize)
}

type Compare = (a: Plugin, b: Plugin) => number

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const byName: Compare = (a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase())
const byUpdated: Compare = (a, b) => byText(a.updatedAt, b.updatedAt)
const byStatus: Compare = (a, b) => PLUGIN_STATUSES.indexOf(a.status) - PLUGIN_STATUSES.indexOf(b.status)
const byId: Compare = (a, b) => byText(a.id, b.id)

const SORTS: Record<PluginSort, Compare[]> = {
  name: [byName],
  '-name': [(a, b) => byName(b, a)],
  updatedAt: [byUpdated],
  '-updatedAt': [(a, b) => byUpdated(b, a)],
  status: [byStatus, byName],
}

function comparePlugins(sort: PluginSort): Compare {
  const chain = [...SORTS[sort], byId]
  return (a, b) => {
    for (const compare of chain) {
      const order = compare(a, b)
      if (order !== 0) return order
    }
    return 0
  }
}
