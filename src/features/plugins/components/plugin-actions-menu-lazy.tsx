import { Ellipsis } from 'lucide-react'
import { lazy, Suspense } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'

// The menu and its dialogs (Radix menu, dialog, floating-ui) load just after the first paint,
// keeping them out of the entry chunk (initial JS budget, SPEC §8).
const PluginActionsMenu = lazy(() =>
  import('./plugin-actions-menu.tsx').then((m) => ({ default: m.PluginActionsMenu })),
)

export function LazyPluginActionsMenu(props: { workspaceId: string; plugin: Plugin }) {
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
