import { useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogClose, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'
import { cn } from '#src/lib/cn.ts'

const CHOICES = [
  {
    purge: false,
    label: 'Keep data',
    explains:
      'Stops the plugin and marks it uninstalled. Its configuration and data are kept, so a reinstall picks up where it left off.',
  },
  {
    purge: true,
    label: 'Purge everything',
    explains:
      'Stops the plugin and deletes its files, configuration, data and history. This cannot be undone.',
  },
] as const

export function UninstallDialog({
  plugin,
  open,
  onOpenChange,
  onConfirm,
}: {
  plugin: Plugin
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (purge: boolean) => void
}) {
  // A soft-uninstalled plugin has nothing left to keep: only its purge is offered.
  const purgeOnly = plugin.status === 'uninstalled'
  const choices = purgeOnly ? CHOICES.filter((choice) => choice.purge) : CHOICES
  const [chosen, setPurge] = useState(false)
  const purge = purgeOnly || chosen
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setPurge(false)
        onOpenChange(next)
      }}
    >
      <DialogContent
        title={purgeOnly ? `Purge ${plugin.name}` : `Uninstall ${plugin.name}`}
        description="Choose what happens to the plugin's data."
      >
        <fieldset className="flex flex-col gap-2">
          <legend className="sr-only">Data</legend>
          {choices.map((choice) => (
            <label
              key={choice.label}
              className={cn(
                'flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm',
                purge === choice.purge
                  ? 'border-zinc-900 bg-zinc-50 dark:border-zinc-300 dark:bg-zinc-800'
                  : 'border-zinc-200 dark:border-zinc-700',
              )}
            >
              <input
                type="radio"
                name="uninstall-mode"
                className="mt-1 shrink-0 accent-zinc-900 dark:accent-zinc-100"
                checked={purge === choice.purge}
                onChange={() => setPurge(choice.purge)}
              />
              <span>
                <span className="block font-medium">{choice.label}</span>
                <span className="block text-zinc-600 dark:text-zinc-400">{choice.explains}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <DialogFooter>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            onClick={() => {
              onConfirm(purge)
              onOpenChange(false)
              setPurge(false)
            }}
          >
            {purgeOnly ? 'Purge' : purge ? 'Uninstall and purge' : 'Uninstall'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
