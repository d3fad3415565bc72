import type { ConfigChange } from '#core/config/config-fields.ts'
import type { ModuleConfig } from '#core/config/config-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogClose, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'
import { fieldTitle } from './config-diff.ts'

const shown = (value: unknown) => (value === undefined ? 'not set' : JSON.stringify(value))

/** Before saving: every field that changes, old → new; a secret only as "replaced" or "cleared". */
export function ConfigDiffDialog({
  module,
  changes,
  next,
  open,
  onOpenChange,
  onConfirm,
  restarts,
}: {
  module: ModuleConfig
  changes: ConfigChange[]
  next: Record<string, unknown>
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: () => void
  restarts: boolean
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Save the settings of ${module.name}?`}
        description={
          restarts
            ? 'A configure task applies them (the plugin restarts, or takes them live where it can) and rolls back if the plugin fails to load with them.'
            : 'They apply when the plugin next starts.'
        }
      >
        {changes.length === 0 ? (
          <p className="text-sm">Nothing changes; saving applies the same values again.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" aria-label="Changes">
            {changes.map((change) => (
              <li key={change.field}>
                <span className="font-medium">{fieldTitle(module.schema, change.field)}</span>:{' '}
                {change.secret ? (
                  next[change.field] === null ? (
                    'cleared'
                  ) : (
                    'replaced (secret)'
                  )
                ) : (
                  <>
                    <span className="font-mono text-xs">{shown(module.values[change.field])}</span> →{' '}
                    <span className="font-mono text-xs">{shown(next[change.field])}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button>Back</Button>
          </DialogClose>
          <Button
            variant="primary"
            onClick={() => {
              onConfirm()
              onOpenChange(false)
            }}
          >
            Save
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
