import type { Plugin } from '#core/api/plugin-schemas.ts'
import { isoOf, jsonParam, type Params } from './sql-values.ts'

type Kind = 'plain' | 'json' | 'time'

/** The stored fields: `node` is added by the API from the placement (cluster mode), never written here. */
type StoredField = Exclude<keyof Plugin, 'node'>

/** Every stored Plugin field, its column and how it is stored. */
const FIELDS: Record<StoredField, readonly [column: string, kind: Kind]> = {
  id: ['id', 'plain'],
  workspaceId: ['workspace_id', 'plain'],
  pluginId: ['plugin_ref', 'plain'],
  name: ['name', 'plain'],
  version: ['version', 'plain'],
  description: ['description', 'plain'],
  author: ['author', 'plain'],
  icon: ['icon', 'plain'],
  categories: ['categories', 'json'],
  capabilities: ['capabilities', 'json'],
  approvedCapabilities: ['approved_capabilities', 'json'],
  status: ['status', 'plain'],
  health: ['health', 'plain'],
  modules: ['modules', 'json'],
  source: ['source', 'json'],
  lastError: ['last_error', 'plain'],
  activeTaskId: ['active_task_id', 'plain'],
  pendingUpgrade: ['pending_upgrade', 'json'],
  revision: ['revision', 'plain'],
  installedAt: ['installed_at', 'time'],
  updatedAt: ['updated_at', 'time'],
}

const FIELD_NAMES = Object.keys(FIELDS) as StoredField[]

export const PLUGIN_COLUMNS = FIELD_NAMES.map((field) => FIELDS[field][0]).join(', ')

function placeholder(params: Params, field: StoredField, value: unknown): string {
  const kind = FIELDS[field][1]
  if (kind === 'json') return `${params.add(jsonParam(value))}::jsonb`
  if (kind === 'time') return `${params.add(value)}::timestamptz`
  return params.add(value)
}

/** `col = $n, …` for the defined fields of `patch`, except those the caller writes itself. */
export function pluginSetClause(
  params: Params,
  patch: Partial<Plugin> | undefined,
  except: readonly (keyof Plugin)[],
): string[] {
  const sets: string[] = []
  for (const field of FIELD_NAMES) {
    const value = patch?.[field]
    if (value === undefined || except.includes(field)) continue
    sets.push(`${FIELDS[field][0]} = ${placeholder(params, field, value)}`)
  }
  return sets
}

/** `(columns) VALUES (…)` for a whole plugin. */
export function pluginInsertValues(params: Params, plugin: Plugin): string {
  return `(${PLUGIN_COLUMNS}) VALUES (${FIELD_NAMES.map((field) => placeholder(params, field, plugin[field])).join(', ')})`
}

export function pluginFromRow(row: Record<string, unknown>): Plugin {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    pluginId: row.plugin_ref as string,
    name: row.name as string,
    version: row.version as string,
    description: row.description as string,
    author: row.author as string,
    icon: (row.icon as string | null) ?? null,
    categories: row.categories as string[],
    capabilities: row.capabilities as string[],
    approvedCapabilities: row.approved_capabilities as string[],
    status: row.status as Plugin['status'],
    health: row.health as Plugin['health'],
    modules: row.modules as Plugin['modules'],
    source: row.source as Plugin['source'],
    lastError: (row.last_error as string | null) ?? null,
    activeTaskId: (row.active_task_id as string | null) ?? null,
    pendingUpgrade: (row.pending_upgrade as Plugin['pendingUpgrade']) ?? null,
    revision: Number(row.revision),
    installedAt: isoOf(row.installed_at),
    updatedAt: isoOf(row.updated_at),
  }
}
