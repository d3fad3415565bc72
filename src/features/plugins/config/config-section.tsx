import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { configQueries } from '../api/config-queries.ts'
import { Panel } from '../components/detail-panel.tsx'
import { ConfigHistoryList } from './config-history.tsx'

// The form library is big: it loads with the first plugin page that has settings, not with the app.
const ConfigForms = lazy(() => import('./config-forms.tsx').then((m) => ({ default: m.ConfigForms })))

/** The plugin page's settings: a generated form per module, and the history of versions. */
export function ConfigSection({
  workspaceId,
  plugin,
  canEdit,
}: {
  workspaceId: string
  plugin: Plugin
  canEdit: boolean
}) {
  const config = useQuery(configQueries.config(workspaceId, plugin.id))
  if (config.isPending) return <Skeleton className="h-24 w-full" />
  if (config.isError) {
    return (
      <Panel title="Configuration">
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load the settings: {config.error.message}
        </p>
      </Panel>
    )
  }
  if (config.data.modules.length === 0) {
    return (
      <Panel title="Configuration">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This plugin has no settings.</p>
      </Panel>
    )
  }
  const refused = plugin.pendingUpgrade?.configProblems ?? []
  return (
    <div id="configuration" className="flex flex-col gap-5">
      <Panel title="Configuration">
        {refused.length > 0 ? (
          <div
            role="status"
            className="mb-3 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            <p>
              Version {plugin.pendingUpgrade?.version} waits for settings it accepts (the form below checks
              them against that version):
            </p>
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">
              {refused.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {canEdit ? null : (
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Members see the settings; admins change them.
          </p>
        )}
        <Suspense fallback={<Skeleton className="h-24 w-full" />}>
          <ConfigForms workspaceId={workspaceId} plugin={plugin} config={config.data} canEdit={canEdit} />
        </Suspense>
      </Panel>
      <Panel title="Configuration history">
        <ConfigHistoryList workspaceId={workspaceId} plugin={plugin} canEdit={canEdit} />
      </Panel>
    </div>
  )
}
