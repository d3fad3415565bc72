import type { Member } from '#core/api/workspace-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'

export function RemoveMemberDialog({
  member,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  member: Member | null
  pending: boolean
  error: string | null
  onConfirm: (member: Member) => void
  onClose: () => void
}) {
  return (
    <Dialog open={member !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {member ? (
        <DialogContent
          title={`Remove ${member.name}?`}
          description={`${member.email} will lose access to this workspace.`}
        >
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" disabled={pending} onClick={() => onConfirm(member)}>
              Remove member
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  )
}
