import type { Update } from '#core/api/update-schemas.ts'
import { TrustBadges } from '#src/components/trust-badges.tsx'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogClose, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'

/** Every selected update before anything runs: versions, capabilities that will wait for approval, changelog. */
export function UpdatePreviewDialog({
  updates,
  open,
  onOpenChange,
  onConfirm,
  pending,
}: {
  updates: Update[]
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: () => void
  pending: boolean
}) {
  const needApproval = updates.filter((update) => update.addedCapabilities.length > 0).length
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Update ${updates.length} plugin${updates.length === 1 ? '' : 's'}`}
        description="One task with one item per plugin; a version that fails to start rolls back by itself."
      >
        <ul
          className="flex max-h-[55vh] flex-col gap-3 overflow-y-auto text-sm"
          aria-label="Updates to apply"
        >
          {updates.map((update) => (
            <li key={update.pluginId} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {update.name}
                <span className="font-mono text-xs">
                  {update.installedVersion} → {update.version}
                </span>
                <Badge tone={update.jump === 'major' ? 'warning' : 'neutral'}>{update.jump}</Badge>
                <TrustBadges trust={update.trust} />
              </p>
              {update.addedCapabilities.length > 0 ? (
                <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">
                  Needs approval of {update.addedCapabilities.join(', ')} before it runs.
                </p>
              ) : null}
              {update.configChanges.length > 0 ? (
                <p className="mt-1 text-xs">
                  Settings: {update.configChanges.map((c) => `${c.module} ${c.change}`).join(', ')}
                </p>
              ) : null}
              {update.changelog ? (
                <pre className="mt-2 max-h-32 overflow-y-auto whitespace-pre-wrap text-xs text-zinc-600 dark:text-zinc-400">
                  {update.changelog}
                </pre>
              ) : (
                <p className="mt-2 text-xs text-zinc-500">No changelog.</p>
              )}
            </li>
          ))}
        </ul>
        {needApproval > 0 ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {needApproval} of them will wait for your approval of new capabilities.
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button variant="primary" disabled={pending} onClick={onConfirm}>
            Update {updates.length}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
