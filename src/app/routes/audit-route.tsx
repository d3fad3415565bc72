import { useParams } from 'react-router'
import { AuditPage } from '#src/features/audit/components/audit-page.tsx'

export function AuditRoute() {
  return <AuditPage workspaceId={useParams().workspaceId ?? 'default'} />
}
