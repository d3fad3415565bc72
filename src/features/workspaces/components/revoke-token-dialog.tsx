import type { ApiToken } from '#core/api/token-schemas.ts'
import { ConfirmDialog } from '#src/components/ui/confirm-dialog.tsx'

export function RevokeTokenDialog({
  token,
  ...rest
}: {
  token: ApiToken | null
  pending: boolean
  error: string | null
  onConfirm: (token: ApiToken) => void
  onClose: () => void
}) {
  return (
    <ConfirmDialog
      subject={token}
      title={(it) => `Revoke “${it.name}”?`}
      description={(it) =>
        `Anything still using ${it.prefix}… is refused from now on. This cannot be undone.`
      }
      confirmLabel="Revoke token"
      {...rest}
    />
  )
}
