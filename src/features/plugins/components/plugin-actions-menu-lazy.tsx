import { Ellipsis } from 'lucide-react'
import { lazy, Suspense } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'

// The menu and its dialogs (Radix menu, dialog, floating-ui) load just after the first paint,
// keeping them out of the entry chunk (initial JS budget, docs/quality-bars.md).
const PluginActionsMenu = lazy(() =>
  import('./plugin-actions-menu.tsx').then((m) => ({ default: m.PluginActionsMenu })),
)

/** Nothing at all for those who may not operate plugins (members read only). */
export function LazyPluginActionsMenu(props: { workspaceId: string; plugin: Plugin }) {
  if (!useWorkspaceAccess(props.workspaceId).can.operate) return null
  return (
    <Suspense
      fallback={
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${props.plugin.name}`} disabled>
          <Ellipsis />
        </Button>
      }
    >
      <PluginActionsMenu {...props} />
    </Suspense>
  )
}
