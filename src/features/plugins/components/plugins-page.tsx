import { useQuery } from '@tanstack/react-query'
import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { SearchInput } from '#src/components/ui/search-input.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { useDebouncedValue } from '#src/lib/use-debounced-value.ts'
import { PLUGIN_PAGE_SIZE, pluginQueries } from '../api/plugin-queries.ts'
import { PluginFilters } from './plugin-filters.tsx'
import { pluginListParams } from './plugin-list-params.ts'
import { PluginPagination } from './plugin-pagination.tsx'
import { type AvailableUpdate, PluginTable, PluginTableSkeleton } from './plugin-table.tsx'

const SEARCH_DEBOUNCE_MS = 300

export function PluginsPage({
  workspaceId,
  updates,
}: {
  workspaceId: string
  /** Available updates by installation id (composed in by the route). */
  updates?: ReadonlyMap<string, AvailableUpdate>
}) {
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS)

  function update(next: Record<string, string | undefined>) {
    setParams(
      (current) => {
        const merged = new URLSearchParams(current)
        for (const [key, value] of Object.entries(next)) {
          if (value) merged.set(key, value)
          else merged.delete(key)
        }
        return merged
      },
      { replace: true },
    )
  }

  // The debounced search lands in the URL and sends the list back to page 1.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search term should write the URL
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || undefined, page: undefined })
  }, [q])

  const query = pluginListParams(params, q)
  const { status, category, sort = 'name', page = 1, pageSize = PLUGIN_PAGE_SIZE } = query
  const list = useQuery(pluginQueries.list(workspaceId, query))
  // A page that arrives is rendered as a transition (in slices that yield to input), not in the
  // one long task of the query's own update: the skeleton or the previous rows stay meanwhile.
  const data = useDeferredValue(list.data)
  const filtered = Boolean(q || status || category)
  const items = data?.items
  const categories = useMemo(() => [...new Set(items?.flatMap((plugin) => plugin.categories) ?? [])], [items])

  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Plugins</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Installed plugins, their status and health.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SearchInput label="Search plugins" className="w-56" value={search} onChange={setSearch} />
          <PluginFilters
            values={{ status, category, sort }}
            categories={categories}
            onChange={(next) => update({ ...next, page: undefined })}
          />
        </div>
      </header>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
        {list.isError ? (
          <LoadError title="Could not load the plugins" error={list.error} onRetry={() => list.refetch()} />
        ) : !data ? (
          <PluginTableSkeleton />
        ) : data.items.length === 0 ? (
          filtered ? (
            <StateMessage title="No plugins match these filters" />
          ) : (
            <StateMessage title="No plugins installed yet">
              <Link
                to={`/w/${encodeURIComponent(workspaceId)}/marketplace`}
                className="text-sm text-sky-700 hover:underline dark:text-sky-400"
              >
                Browse the Marketplace
              </Link>
            </StateMessage>
          )
        ) : (
          <PluginTable workspaceId={workspaceId} plugins={data.items} updates={updates} />
        )}
      </div>
      {data && data.total > 0 ? (
        <PluginPagination
          page={page}
          pageSize={pageSize}
          total={data.total}
          totalCapped={data.totalCapped}
          onPage={(next) => update({ page: next > 1 ? String(next) : undefined })}
          onPageSize={(size) =>
            update({ pageSize: size === PLUGIN_PAGE_SIZE ? undefined : String(size), page: undefined })
          }
        />
      ) : null}
    </section>
  )
}
