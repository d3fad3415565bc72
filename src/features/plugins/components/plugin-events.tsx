import { useQuery } from '@tanstack/react-query'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { pluginQueries } from '../api/plugin-queries.ts'
import { PluginStatusBadge } from './plugin-status-badge.tsx'

export function PluginEvents({ workspaceId, pluginId }: { workspaceId: string; pluginId: string }) {
  const events = useQuery(pluginQueries.events(workspaceId, pluginId))
  if (events.isPending) return <Skeleton className="h-24 w-full" />
  if (events.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load the timeline: {events.error.message}
      </p>
    )
  }
  if (events.data.items.length === 0) return <p className="text-sm text-muted">No events yet.</p>
  return (
    <ol className="flex flex-col gap-3 border-l border-zinc-200 pl-4 dark:border-zinc-800">
      {events.data.items.map((event) => (
        <li key={event.id} className="relative text-sm">
          <span aria-hidden className="absolute top-1.5 -left-[21px] size-2 rounded-full bg-zinc-400" />
          <div className="flex flex-wrap items-center gap-2">
            {event.from ? <PluginStatusBadge status={event.from} /> : null}
            {event.from ? <span aria-hidden>→</span> : null}
            <PluginStatusBadge status={event.to} />
            <time className="text-xs text-muted" dateTime={event.at}>
              {new Date(event.at).toLocaleString()}
            </time>
          </div>
          <p className="mt-0.5 text-zinc-600 dark:text-zinc-400">
            {event.reason} <span className="text-muted">· {event.actor}</span>
          </p>
        </li>
      ))}
    </ol>
  )
}
