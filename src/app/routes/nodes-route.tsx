import { NodesPage } from '#src/features/nodes/components/nodes-page.tsx'

export function NodesRoute() {
  return <NodesPage />
}
