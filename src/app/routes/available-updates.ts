import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { AvailableUpdate } from '#src/features/plugins/components/plugin-table.tsx'
import { updateQueries } from '#src/features/updates/api/update-queries.ts'

/** Available updates by installation id, for the plugin list and page (empty while unknown). */
export function useAvailableUpdates(workspaceId: string): ReadonlyMap<string, AvailableUpdate> {
  const updates = useQuery(updateQueries.list(workspaceId))
  return useMemo(
    () =>
      new Map(
        (updates.data?.items ?? []).map((item) => [
          item.pluginId,
          { version: item.version, changelog: item.changelog },
        ]),
      ),
    [updates.data],
  )
}
