import { useQuery } from '@tanstack/react-query'
import type { ConfigHistoryEntry } from '#core/config/config-schemas.ts'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { configQueries, useConfigChange } from '../api/config-queries.ts'

const STATUS_TONE = { applied: 'success', pending: 'info', failed: 'danger', discarded: 'muted' } as const

function changedText(entry: ConfigHistoryEntry): string {
  if (entry.changes.length === 0) return 'no field changed'
  return entry.changes
    .map((change) => `${change.module}.${change.field}${change.secret ? ' (secret changed)' : ''}`)
    .join(', ')
}

/** Who changed the settings when, and which fields (never a secret's value); admins restore a version. */
export function ConfigHistoryList({
  workspaceId,
  plugin,
  canEdit,
}: {
  workspaceId: string
  plugin: { id: string; name: string; activeTaskId: string | null }
  canEdit: boolean
}) {
  const history = useQuery(configQueries.history(workspaceId, plugin.id))
  const change = useConfigChange(workspaceId, plugin.id, plugin.name)
  if (history.isPending) return <Skeleton className="h-16 w-full" />
  if (history.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load the history: {history.error.message}
      </p>
    )
  }
  if (history.data.items.length === 0) return <p className="text-sm text-zinc-600">No versions yet.</p>
  return (
    <ol className="flex flex-col divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Versions">
      {history.data.items.map((entry) => (
        <li key={entry.version} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <span className="font-medium">Version {entry.version}</span>
          <Badge tone={STATUS_TONE[entry.status]}>{entry.status}</Badge>
          {entry.current ? <Badge tone="info">in force</Badge> : null}
          <span className="text-zinc-600 dark:text-zinc-400">
            {entry.reason} · {entry.actor} ·{' '}
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
          </span>
          <span className="basis-full text-xs text-zinc-600 dark:text-zinc-400">{changedText(entry)}</span>
          {canEdit && entry.status === 'applied' && !entry.current ? (
            <Button
              size="sm"
              disabled={change.isPending || !!plugin.activeTaskId}
              onClick={() => change.mutate({ kind: 'restore', version: entry.version })}
            >
              Restore version {entry.version}
            </Button>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
