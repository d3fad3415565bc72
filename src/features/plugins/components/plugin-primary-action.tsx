import { useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { canPerform } from '#core/plugins/plugin-actions.ts'
import { Button } from '#src/components/ui/button.tsx'
import { usePluginOperation } from '../api/plugin-mutations.ts'
import { ApproveUpgradeDialog } from './approve-upgrade-dialog.tsx'

/** The actions worth a button of their own, beside the state that calls for them. */
export type PrimaryAction = 'enable' | 'approve' | 'reject' | 'reinstall'

const LABELS: Record<PrimaryAction, string> = {
  enable: 'Enable',
  approve: 'Approve upgrade…',
  reject: 'Reject upgrade',
  reinstall: 'Reinstall',
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
  if (!canPerform(action, plugin.status)) return null
  const busy = plugin.activeTaskId !== null || operation.isPending
  return (
    <>
      <Button
        size="sm"
        variant={variant}
        aria-disabled={busy}
        title={busy ? 'A task is running on this plugin' : undefined}
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
