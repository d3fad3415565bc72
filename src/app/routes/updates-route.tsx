import { useParams } from 'react-router'
import { UpdatesPage } from '#src/features/updates/components/updates-page.tsx'

export function UpdatesRoute() {
  return <UpdatesPage workspaceId={useParams().workspaceId ?? 'default'} />
}
