import { useParams } from 'react-router'
import { PluginsPage } from '#src/features/plugins/components/plugins-page.tsx'
import { useAvailableUpdates } from './available-updates.ts'

/** Composes the plugin list with the updates feature: a row shows "update available". */
export function PluginsRoute() {
  const workspaceId = useParams().workspaceId ?? 'default'
  return <PluginsPage workspaceId={workspaceId} updates={useAvailableUpdates(workspaceId)} />
}
