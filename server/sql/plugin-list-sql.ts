import type { PluginListQuery, PluginSort } from '#core/api/plugin-schemas.ts'
import { PLUGIN_STATUSES } from '#core/plugins/plugin-status.ts'
import { containsPattern, Params } from './sql-values.ts'

// Same order as the memory store: names case-insensitive by code point, every sort ends with the id.
const NAME = 'lower(name) COLLATE "C"'
const ID = 'id COLLATE "C"'
const LIFECYCLE = `array_position(ARRAY[${PLUGIN_STATUSES.map((status) => `'${status}'`).join(', ')}]::text[], status)`

const ORDER_BY: Record<PluginSort, string> = {
  name: `${NAME}, ${ID}`,
  '-name': `${NAME} DESC, ${ID}`,
  updatedAt: `updated_at, ${ID}`,
  '-updatedAt': `updated_at DESC, ${ID}`,
  status: `${LIFECYCLE}, ${NAME}, ${ID}`,
}

/**
 * The WHERE and ORDER BY of the plugin list. `uninstalled` plugins appear only when asked for;
 * `q` is a case-insensitive substring of name, plugin id (org/name) or description.
 */
export function pluginListSql(workspaceId: string, query: PluginListQuery) {
  const params = new Params([workspaceId])
  const where = ['workspace_id = $1']
  where.push(query.status ? `status = ${params.add(query.status)}` : `status <> 'uninstalled'`)
  if (query.category) where.push(`categories @> jsonb_build_array(${params.add(query.category)}::text)`)
  if (query.q) {
    const pattern = params.add(containsPattern(query.q))
    // The test runs on the lowercased search_text (trigram-indexed, migration 0003), whose fields
    // are joined by line breaks: only a `q` with a line break could match across two of them, so
    // only then does the exact test of each field follow.
    where.push(`search_text LIKE lower(${pattern})`)
    if (query.q.includes('\n')) {
      where.push(`(name ILIKE ${pattern} OR plugin_ref ILIKE ${pattern} OR description ILIKE ${pattern})`)
    }
  }
  return { where: where.join(' AND '), orderBy: ORDER_BY[query.sort], params }
}
