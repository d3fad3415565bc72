import { useQueryClient } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { PluginDetailPage } from '#src/features/plugins/components/plugin-detail-page.tsx'
import { usePin } from '#src/features/updates/api/update-queries.ts'
import { useAvailableUpdates } from './available-updates.ts'

export function PluginDetailRoute() {
  const { workspaceId = 'default', pluginId = '' } = useParams()
  const update = useAvailableUpdates(workspaceId).get(pluginId)
  const queryClient = useQueryClient()
  const pin = usePin(workspaceId)
  const onPin = {
    pending: pin.isPending,
    change: (id: string, pinned: boolean) =>
      pin.mutate(
        { pluginId: id, pinned },
        // The page shows the pin from the plugin's detail: fetch it again.
        {
          onSuccess: () =>
            queryClient.invalidateQueries({ queryKey: pluginQueries.detail(workspaceId, id).queryKey }),
        },
      ),
  }
  return (
    <PluginDetailPage
      key={pluginId}
      workspaceId={workspaceId}
      pluginId={pluginId}
      update={update}
      onPin={onPin}
    />
  )
}
