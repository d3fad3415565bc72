import { useParams } from 'react-router'
import { ApiTokensPage } from '#src/features/workspaces/components/api-tokens-page.tsx'

export function TokensRoute() {
  const workspaceId = useParams().workspaceId ?? 'default'
  return <ApiTokensPage workspaceId={workspaceId} />
}
