import type { PluginSort } from '#core/api/plugin-schemas.ts'
import { PLUGIN_STATUSES, type PluginStatus } from '#core/plugins/plugin-status.ts'
import { Select } from '#src/components/ui/input.tsx'
import { STATUS_PRESENTATION } from './plugin-status-badge.tsx'

// A Record over core's type: exhaustive and checked, without loading core's zod schemas into the entry chunk.
const SORT_LABELS: Record<PluginSort, string> = {
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  updatedAt: 'Least recently changed',
  '-updatedAt': 'Recently changed',
  status: 'Status',
}

export const PLUGIN_SORTS = Object.keys(SORT_LABELS) as PluginSort[]

export interface PluginFilterValues {
  status?: PluginStatus
  category?: string
  sort: PluginSort
}

/** Server-side filters: status, category (from what is listed) and sort order. */
export function PluginFilters({
  values,
  categories,
  onChange,
}: {
  values: PluginFilterValues
  categories: readonly string[]
  onChange: (next: Partial<Record<keyof PluginFilterValues, string | undefined>>) => void
}) {
  const choices = [...new Set([...categories, ...(values.category ? [values.category] : [])])].sort()
  return (
    <>
      <Select
        aria-label="Status"
        value={values.status ?? ''}
        onChange={(event) => onChange({ status: event.target.value || undefined })}
      >
        <option value="">All statuses</option>
        {PLUGIN_STATUSES.map((value) => (
          <option key={value} value={value}>
            {STATUS_PRESENTATION[value].label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Category"
        value={values.category ?? ''}
        onChange={(event) => onChange({ category: event.target.value || undefined })}
      >
        <option value="">All categories</option>
        {choices.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Sort"
        value={values.sort}
        onChange={(event) => onChange({ sort: event.target.value })}
      >
        {PLUGIN_SORTS.map((value) => (
          <option key={value} value={value}>
            {SORT_LABELS[value]}
          </option>
        ))}
      </Select>
    </>
  )
}
