import { useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { canPerform } from '#core/plugins/plugin-actions.ts'
import { Button } from '#src/components/ui/button.tsx'
import { usePluginOperation } from '../api/plugin-mutations.ts'
import { ApproveUpgradeDialog } from './approve-upgrade-dialog.tsx'

/** The actions worth a button of their own, beside the state that calls for them. */
export type PrimaryAction = 'enable' | 'approve' | 'reject' | 'reinstall' | 'reload'

const RELOAD_TITLE = 'Take the files of its folder again and restart it, keeping its state'

const LABELS: Record<PrimaryAction, string> = {
  enable: 'Enable',
  approve: 'Approve upgrade…',
  reject: 'Reject upgrade',
  reinstall: 'Reinstall',
  reload: 'Reload',
}

/**
 * Whether the button shows. A reload (dev mode) is a restart in the lifecycle, offered only for a
 * plugin in development: it takes the folder's files again and keeps the plugin's state.
 */
function offered(action: PrimaryAction, plugin: Plugin): boolean {
  if (action === 'reload') return plugin.source.dev === true && canPerform('restart', plugin.status)
  return canPerform(action, plugin.status)
}

/**
 * One action as a button: shown only when the lifecycle table allows it from the plugin's status,
 * and unavailable (but still focusable) while a task runs on the plugin. Approving opens the
 * dialog that lists the new capabilities first.
 */
export function PluginPrimaryAction({
  workspaceId,
  plugin,
  action,
  variant = 'secondary',
}: {
  workspaceId: string
  plugin: Plugin
  action: PrimaryAction
  variant?: 'primary' | 'secondary'
}) {
  const operation = usePluginOperation(workspaceId)
  const [approving, setApproving] = useState(false)
  if (!offered(action, plugin)) return null
  const busy = plugin.activeTaskId !== null || operation.isPending
  return (
    <>
      <Button
        size="sm"
        variant={variant}
        aria-disabled={busy}
        title={busy ? 'A task is running on this plugin' : action === 'reload' ? RELOAD_TITLE : undefined}
        onClick={() => {
          if (busy) return
          if (action === 'approve') setApproving(true)
          else operation.mutate({ plugin, operation: { action } })
        }}
      >
        {LABELS[action]}
      </Button>
      {action === 'approve' ? (
        <ApproveUpgradeDialog
          plugin={plugin}
          open={approving}
          onOpenChange={setApproving}
          onConfirm={() => operation.mutate({ plugin, operation: { action: 'approve' } })}
        />
      ) : null}
    </>
  )
}
