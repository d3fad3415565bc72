import { useParams } from 'react-router'
import { PluginsPage } from '#src/features/plugins/components/plugins-page.tsx'

export function PluginsRoute() {
  return <PluginsPage workspaceId={useParams().workspaceId ?? 'default'} />
}
