import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { HealthCheck } from '#core/api/plugin-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { cn } from '#src/lib/cn.ts'
import { pluginQueries } from '../api/plugin-queries.ts'

const CHECK_COLOUR: Record<HealthCheck['status'], string> = {
  healthy: 'bg-emerald-500',
  degraded: 'bg-amber-500',
  unhealthy: 'bg-red-500',
}

/** The last health checks as a strip, oldest first; each bar says its time, status and duration. */
export function HealthHistory({ workspaceId, pluginId }: { workspaceId: string; pluginId: string }) {
  const history = useQuery(pluginQueries.health(workspaceId, pluginId))
  if (history.isPending) return <Skeleton className="h-8 w-full" />
  if (history.isError)
    return <p className="text-sm text-zinc-500">Health history unavailable: {history.error.message}</p>
  if (history.data.items.length === 0) return <p className="text-sm text-zinc-500">No health checks yet.</p>
  const failures = history.data.items.filter((check) => check.status !== 'healthy').length
  return (
    <div>
      <ol
        className="flex h-8 items-end gap-px"
        aria-label={`${history.data.items.length} health checks, ${failures} not healthy`}
      >
        {history.data.items.map((check) => (
          <li
            key={check.at}
            title={`${new Date(check.at).toLocaleString()} · ${check.status} · ${check.durationMs} ms${check.message ? ` · ${check.message}` : ''}`}
            className={cn('h-full w-1.5 rounded-sm', CHECK_COLOUR[check.status])}
          />
        ))}
      </ol>
      <p className="mt-1 text-xs text-zinc-500">
        {history.data.items.length} checks, {failures} not healthy
      </p>
    </div>
  )
}

/** The worker's log tail, fetched when asked for. Plugin output is shown as text. */
export function PluginLog({ workspaceId, pluginId }: { workspaceId: string; pluginId: string }) {
  const [open, setOpen] = useState(false)
  const logs = useQuery({ ...pluginQueries.logs(workspaceId, pluginId), enabled: open })
  return (
    <div className="flex flex-col items-start gap-2">
      <Button size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide log' : 'Show log'}
      </Button>
      {open ? (
        logs.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : logs.isError ? (
          <p className="text-sm text-red-700 dark:text-red-400">
            Could not load the log: {logs.error.message}
          </p>
        ) : (
          <pre className="max-h-80 w-full overflow-auto rounded bg-zinc-100 p-2 text-xs whitespace-pre-wrap dark:bg-zinc-900">
            {logs.data.text || 'The log is empty.'}
          </pre>
        )
      ) : null}
    </div>
  )
}
