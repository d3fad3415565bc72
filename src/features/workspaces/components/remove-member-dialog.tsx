import type { Member } from '#core/api/workspace-schemas.ts'
import { ConfirmDialog } from '#src/components/ui/confirm-dialog.tsx'

export function RemoveMemberDialog({
  member,
  ...rest
}: {
  member: Member | null
  pending: boolean
  error: string | null
  onConfirm: (member: Member) => void
  onClose: () => void
}) {
  return (
    <ConfirmDialog
      subject={member}
      title={(it) => `Remove ${it.name}?`}
      description={(it) => `${it.email} will lose access to this workspace.`}
      confirmLabel="Remove member"
      {...rest}
    />
  )
}
