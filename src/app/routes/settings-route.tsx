import { useParams } from 'react-router'
import { SettingsPage } from '#src/features/workspaces/components/settings-page.tsx'

export function SettingsRoute() {
  return <SettingsPage workspaceId={useParams().workspaceId ?? 'default'} />
}
