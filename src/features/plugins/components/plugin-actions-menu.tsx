import { Ellipsis } from 'lucide-react'
import { useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { actionsFor, type PluginAction } from '#core/plugins/plugin-actions.ts'
import { Button } from '#src/components/ui/button.tsx'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '#src/components/ui/dropdown-menu.tsx'
import { ACTION_LABELS, usePluginOperation } from '../api/plugin-mutations.ts'
import { ApproveUpgradeDialog } from './approve-upgrade-dialog.tsx'
import { UninstallDialog } from './uninstall-dialog.tsx'
import { UpgradeDialog } from './upgrade-dialog.tsx'

/**
 * Offers exactly the actions the lifecycle table allows from the plugin's status. While the
 * plugin has an active task every action would conflict with it (one active task per plugin),
 * so they are shown disabled. Callers render it only for those who may operate (members: none).
 */
export function PluginActionsMenu({
  workspaceId,
  plugin,
  defaultOpen = false,
}: {
  workspaceId: string
  plugin: Plugin
  /** Mounted by the press that asked for it: opens at once. */
  defaultOpen?: boolean
}) {
  const operation = usePluginOperation(workspaceId)
  const [dialog, setDialog] = useState<'upgrade' | 'uninstall' | 'approve' | null>(null)
  const actions = actionsFor(plugin.status)
  const busy = plugin.activeTaskId !== null
  const note = busy ? 'A task is running on this plugin' : null

  function choose(action: PluginAction) {
    if (action === 'upgrade' || action === 'uninstall' || action === 'approve') {
      setDialog(action)
      return
    }
    // A purge is an uninstall with purge: the same dialog confirms it.
    if (action === 'purge') {
      setDialog('uninstall')
      return
    }
    operation.mutate({ plugin, operation: { action } })
  }

  return (
    <>
      <DropdownMenu modal={false} defaultOpen={defaultOpen}>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Actions for ${plugin.name}`}
            disabled={actions.length === 0}
          >
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {note ? <p className="px-2 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">{note}</p> : null}
          {actions.map((action) => (
            <ActionItem key={action} action={action} disabled={busy} onSelect={() => choose(action)} />
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <UpgradeDialog
        workspaceId={workspaceId}
        plugin={plugin}
        open={dialog === 'upgrade'}
        onOpenChange={(open) => setDialog(open ? 'upgrade' : null)}
        onConfirm={(version) => operation.mutate({ plugin, operation: { action: 'upgrade', version } })}
      />
      <ApproveUpgradeDialog
        plugin={plugin}
        open={dialog === 'approve'}
        onOpenChange={(open) => setDialog(open ? 'approve' : null)}
        onConfirm={() => operation.mutate({ plugin, operation: { action: 'approve' } })}
      />
      <UninstallDialog
        plugin={plugin}
        open={dialog === 'uninstall'}
        onOpenChange={(open) => setDialog(open ? 'uninstall' : null)}
        onConfirm={(purge) => operation.mutate({ plugin, operation: { action: 'uninstall', purge } })}
      />
    </>
  )
}

function ActionItem({
  action,
  disabled,
  onSelect,
}: {
  action: PluginAction
  disabled: boolean
  onSelect: () => void
}) {
  const item = (
    <DropdownMenuItem disabled={disabled} destructive={action === 'uninstall'} onSelect={onSelect}>
      {ACTION_LABELS[action]}
    </DropdownMenuItem>
  )
  if (action !== 'uninstall') return item
  return (
    <>
      <DropdownMenuSeparator />
      {item}
    </>
  )
}
