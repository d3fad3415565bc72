import type { ApiToken } from '#core/api/token-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'

export function RevokeTokenDialog({
  token,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  token: ApiToken | null
  pending: boolean
  error: string | null
  onConfirm: (token: ApiToken) => void
  onClose: () => void
}) {
  return (
    <Dialog open={token !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {token ? (
        <DialogContent
          title={`Revoke “${token.name}”?`}
          description={`Anything still using ${token.prefix}… is refused from now on. This cannot be undone.`}
        >
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" disabled={pending} onClick={() => onConfirm(token)}>
              Revoke token
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  )
}
