import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useParams } from 'react-router'
import { MarketplacePage } from '#src/features/marketplace/components/marketplace-page.tsx'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'

/** Composes the catalog with the plugins feature: a card shows "Installed" when the plugin is here. */
export function MarketplaceRoute() {
  const workspaceId = useParams().workspaceId ?? 'default'
  const installed = useQuery({
    ...pluginQueries.list(workspaceId, { pageSize: 500 }),
    select: (list) =>
      new Set(
        list.items.filter((plugin) => plugin.status !== 'uninstalled').map((plugin) => plugin.pluginId),
      ),
  })
  const refs = useMemo(() => installed.data ?? new Set<string>(), [installed.data])
  return <MarketplacePage workspaceId={workspaceId} installedRefs={refs} />
}
