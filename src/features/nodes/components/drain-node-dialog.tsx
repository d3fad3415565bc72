import type { ClusterNodeInfo } from '#core/api/node-schemas.ts'
import { ConfirmDialog } from '#src/components/ui/confirm-dialog.tsx'

/** Asks before draining: the node's plugins restart on other nodes. */
export function DrainNodeDialog({
  node,
  ...rest
}: {
  node: ClusterNodeInfo | null
  pending: boolean
  error: string | null
  onConfirm: (node: ClusterNodeInfo) => void
  onClose: () => void
}) {
  return (
    <ConfirmDialog
      subject={node}
      title={(it) => `Drain ${it.name}?`}
      description={(it) => {
        const count = it.plugins.length
        return `It takes no new task items, and its ${count === 1 ? 'plugin moves' : `${count} plugins move`} to the other live nodes (each restarts there through a failover task). The node keeps running until it is stopped.`
      }}
      confirmLabel="Drain node"
      {...rest}
    />
  )
}
