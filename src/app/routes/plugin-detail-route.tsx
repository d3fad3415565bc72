import { useParams } from 'react-router'
import { PluginDetailPage } from '#src/features/plugins/components/plugin-detail-page.tsx'
import { useAvailableUpdates } from './available-updates.ts'

export function PluginDetailRoute() {
  const { workspaceId = 'default', pluginId = '' } = useParams()
  const update = useAvailableUpdates(workspaceId).get(pluginId)
  return <PluginDetailPage key={pluginId} workspaceId={workspaceId} pluginId={pluginId} update={update} />
}
