import { useQuery } from '@tanstack/react-query'
import type { WorkspaceSettings } from '#core/api/workspace-schemas.ts'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { workspaceQueries } from '../api/workspace-queries.ts'
import { SettingsForm } from './settings-form.tsx'

export function SettingsPage({ workspaceId }: { workspaceId: string }) {
  const settings = useQuery(workspaceQueries.settings(workspaceId))
  const access = useWorkspaceAccess(workspaceId)
  const canManage = access.can.manageSettings
  // The role is unknown until "who am I" answers: not a refusal yet.
  const roleKnown = canManage || access.role !== undefined
  return (
    <section className="flex max-w-xl flex-col gap-5">
      <header>
        <h1 className="text-lg font-semibold">Settings</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The workspace's name and who may install plugins.
        </p>
      </header>
      {!roleKnown ? (
        <Skeleton className="h-40 w-full" aria-busy="true" aria-label="Loading the settings" />
      ) : !canManage ? (
        <StateMessage title="Only owners can change the settings of this workspace" role="status" />
      ) : settings.isPending ? (
        <Skeleton className="h-40 w-full" aria-busy="true" aria-label="Loading the settings" />
      ) : settings.isError ? (
        <LoadError
          title="Could not load the settings"
          error={settings.error}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <SettingsForm key={settingsKey(settings.data)} workspaceId={workspaceId} settings={settings.data} />
      )}
    </section>
  )
}

/** The form starts again from the server's values whenever they change. */
function settingsKey(settings: WorkspaceSettings) {
  return `${settings.name}\n${settings.installPolicy}`
}
