import { useQuery } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { MembersPage } from '#src/features/workspaces/components/members-page.tsx'

export function MembersRoute() {
  const workspaceId = useParams().workspaceId ?? 'default'
  const me = useQuery(authQueries.me())
  return <MembersPage workspaceId={workspaceId} currentUserId={me.data?.user.id} />
}
