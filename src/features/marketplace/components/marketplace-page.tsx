import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { SearchInput } from '#src/components/ui/search-input.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { useDebouncedValue } from '#src/lib/use-debounced-value.ts'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { marketplaceQueries, useInstall } from '../api/marketplace-queries.ts'
import { sourceQueries } from '../api/source-queries.ts'
import { CatalogCard } from './catalog-card.tsx'
import { InstallNote } from './install-note.tsx'
import { PackageUpload } from './package-upload.tsx'
import { SourcesPanel } from './sources-panel.tsx'

/**
 * The catalog. `installedRefs` (manifest ids of plugins installed in this workspace, not
 * uninstalled) comes from the route, which reads the plugins feature.
 */
export function MarketplacePage({
  workspaceId,
  installedRefs,
}: {
  workspaceId: string
  installedRefs: ReadonlySet<string>
}) {
  const [search, setSearch] = useState('')
  const q = useDebouncedValue(search.trim(), 300)
  const catalog = useQuery(marketplaceQueries.list(workspaceId, { q: q || undefined }))
  const install = useInstall(workspaceId)
  const access = useWorkspaceAccess(workspaceId)
  const sources = useQuery(sourceQueries.list(workspaceId))
  const sourceNames = new Map(sources.data?.items.map((source) => [source.id, source.name]))

  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Marketplace</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Plugins and bundles from the local catalog and the workspace's registries.
          </p>
        </div>
        <SearchInput label="Search the catalog" className="w-64" value={search} onChange={setSearch} />
      </header>
      <SourcesPanel workspaceId={workspaceId} canManage={access.can.operate} />
      {catalog.data?.problems.map((problem) => (
        <p
          key={problem.sourceId}
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {problem.name} is not answering ({problem.code}): {problem.message}. Plugins of the other sources
          are listed.
        </p>
      ))}
      {access.can.install ? (
        <PackageUpload workspaceId={workspaceId} />
      ) : access.role ? (
        <InstallNote policy={access.installPolicy} />
      ) : null}
      {catalog.isPending ? (
        <div
          className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3"
          role="status"
          aria-busy="true"
          aria-label="Loading the catalog"
        >
          {[0, 1, 2, 3, 4, 5].map((index) => (
            <Skeleton key={index} className="h-48" />
          ))}
        </div>
      ) : catalog.isError ? (
        <LoadError
          title="Could not load the catalog"
          error={catalog.error}
          onRetry={() => catalog.refetch()}
        />
      ) : catalog.data.items.length === 0 ? (
        <StateMessage title={q ? `Nothing in the catalog matches “${q}”` : 'The catalog is empty'} />
      ) : (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {catalog.data.items.map((entry) => {
            const refs = entry.bundle?.length
              ? entry.bundle.map((member) => member.pluginId)
              : [entry.pluginId]
            return (
              <CatalogCard
                key={`${entry.sourceId}:${entry.pluginId}`}
                entry={entry}
                sourceName={sourceNames.get(entry.sourceId) ?? entry.sourceId}
                installed={refs.every((ref) => installedRefs.has(ref))}
                canInstall={access.can.install}
                installing={install.isPending && install.variables?.entry === entry}
                onInstall={(version) => install.mutate({ entry, version })}
              />
            )
          })}
        </div>
      )}
    </section>
  )
}
