import { useParams } from 'react-router'
import { PluginDetailPage } from '#src/features/plugins/components/plugin-detail-page.tsx'

export function PluginDetailRoute() {
  const { workspaceId = 'default', pluginId = '' } = useParams()
  return <PluginDetailPage key={pluginId} workspaceId={workspaceId} pluginId={pluginId} />
}
