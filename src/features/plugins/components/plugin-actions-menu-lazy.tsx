import { Ellipsis } from 'lucide-react'
import { lazy, Suspense, useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { actionsFor } from '#core/plugins/plugin-actions.ts'
import { Button } from '#src/components/ui/button.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'

// The menu and its dialogs (Radix menu, dialog, floating-ui) are neither loaded nor mounted until a
// row's button is pointed at, focused or pressed: fifty rows of menus, dialogs and mutation observers
// were most of the list's first render (docs/quality-bars.md).
const loadMenu = () => import('./plugin-actions-menu.tsx')
const PluginActionsMenu = lazy(() => loadMenu().then((m) => ({ default: m.PluginActionsMenu })))

/**
 * A plain button until it is pressed, then the real menu, opened. Nothing at all for those who may
 * not operate plugins (members read only).
 */
export function LazyPluginActionsMenu(props: { workspaceId: string; plugin: Plugin }) {
  const [opened, setOpened] = useState(false)
  const canOperate = useWorkspaceAccess(props.workspaceId).can.operate
  if (!canOperate) return null
  const label = `Actions for ${props.plugin.name}`
  if (!opened) {
    return (
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={false}
        disabled={actionsFor(props.plugin.status).length === 0}
        onPointerEnter={() => void loadMenu()}
        onFocus={() => void loadMenu()}
        onClick={() => setOpened(true)}
      >
        <Ellipsis />
      </Button>
    )
  }
  return (
    <Suspense
      fallback={
        <Button variant="ghost" size="icon-sm" aria-label={label} disabled>
          <Ellipsis />
        </Button>
      }
    >
      <PluginActionsMenu {...props} defaultOpen />
    </Suspense>
  )
}
