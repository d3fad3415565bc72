import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogClose, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'

/** Approving grants new capabilities: the admin sees exactly which before confirming (docs/lifecycle.md). */
export function ApproveUpgradeDialog({
  plugin,
  open,
  onOpenChange,
  onConfirm,
}: {
  plugin: Plugin
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: () => void
}) {
  const pending = plugin.pendingUpgrade
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Approve the upgrade of ${plugin.name}`}
        description={pending ? `From ${plugin.version} to ${pending.version}.` : undefined}
      >
        {pending ? (
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1.5 text-sm">
            <dt className="text-muted">New capabilities</dt>
            <dd className="font-mono">{pending.addedCapabilities.join(', ') || 'none'}</dd>
            <dt className="text-muted">Removed capabilities</dt>
            <dd className="font-mono">{pending.removedCapabilities.join(', ') || 'none'}</dd>
          </dl>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            This plugin has no staged upgrade any more.
          </p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            variant="primary"
            disabled={!pending}
            onClick={() => {
              onConfirm()
              onOpenChange(false)
            }}
          >
            Approve and start
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
