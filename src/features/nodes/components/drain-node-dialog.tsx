import type { ClusterNodeInfo } from '#core/api/node-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'

/** Asks before draining: the node's plugins restart on other nodes. */
export function DrainNodeDialog({
  node,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  node: ClusterNodeInfo | null
  pending: boolean
  error: string | null
  onConfirm: (node: ClusterNodeInfo) => void
  onClose: () => void
}) {
  const count = node?.plugins.length ?? 0
  return (
    <Dialog open={node !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {node ? (
        <DialogContent
          title={`Drain ${node.name}?`}
          description={`It takes no new task items, and its ${count === 1 ? 'plugin moves' : `${count} plugins move`} to the other live nodes (each restarts there through a failover task). The node keeps running until it is stopped.`}
        >
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" disabled={pending} onClick={() => onConfirm(node)}>
              Drain node
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  )
}
