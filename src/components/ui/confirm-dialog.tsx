import { Button } from './button.tsx'
import { Dialog, DialogContent, DialogFooter } from './dialog.tsx'

/**
 * Asks before a destructive action on `subject` (open while it is not null): a title and a
 * description that say what will happen, the server's refusal if it refused, Cancel and the action.
 */
export function ConfirmDialog<T>({
  subject,
  title,
  description,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  subject: T | null
  title: (subject: T) => string
  description: (subject: T) => string
  confirmLabel: string
  pending: boolean
  error: string | null
  onConfirm: (subject: T) => void
  onClose: () => void
}) {
  return (
    <Dialog open={subject !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {subject !== null ? (
        <DialogContent title={title(subject)} description={description(subject)}>
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" disabled={pending} onClick={() => onConfirm(subject)}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  )
}
