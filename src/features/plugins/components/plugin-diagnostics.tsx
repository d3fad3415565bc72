import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useRef } from 'react'
import type { HealthCheck } from '#core/api/plugin-schemas.ts'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { pluginQueries } from '../api/plugin-queries.ts'

// recharts loads only when a plugin page shows a history (initial bundle budget).
const HealthChart = lazy(() => import('./health-chart.tsx').then((m) => ({ default: m.HealthChart })))

/** The recent checks in words: what the chart shows, for everyone. */
export function healthSummary(checks: readonly HealthCheck[]): string {
  const failures = checks.filter((check) => check.status !== 'healthy').length
  const last = checks.at(-1)
  const durations = checks.map((check) => check.durationMs).sort((a, b) => a - b)
  const median = durations[Math.floor(durations.length / 2)] ?? 0
  const lastText = last
    ? `; last ${last.status} at ${new Date(last.at).toLocaleTimeString()}${last.message ? ` (${last.message})` : ''}`
    : ''
  return `${checks.length} checks, ${failures} not healthy; median ${Math.round(median)} ms${lastText}`
}

/** The last health checks as a chart, oldest first, with a text summary beside it. */
export function HealthHistory({
  workspaceId,
  pluginId,
  poll = false,
}: {
  workspaceId: string
  pluginId: string
  poll?: number | false
}) {
  const history = useQuery({ ...pluginQueries.health(workspaceId, pluginId), refetchInterval: poll })
  if (history.isPending) return <Skeleton className="h-32 w-full" />
  if (history.isError)
    return <p className="text-sm text-muted">Health history unavailable: {history.error.message}</p>
  if (history.data.items.length === 0) return <p className="text-sm text-muted">No health checks yet.</p>
  return (
    <div className="flex flex-col gap-2">
      <Suspense fallback={<Skeleton className="h-32 w-full" />}>
        <HealthChart checks={history.data.items} />
      </Suspense>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{healthSummary(history.data.items)}</p>
    </div>
  )
}

/** The worker's log tail, shown at once and kept scrolled to its newest line. Plugin output is text. */
export function PluginLog({
  workspaceId,
  pluginId,
  poll = false,
}: {
  workspaceId: string
  pluginId: string
  poll?: number | false
}) {
  const logs = useQuery({ ...pluginQueries.logs(workspaceId, pluginId), refetchInterval: poll })
  const preRef = useRef<HTMLPreElement>(null)
  const text = logs.data?.text
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new text is what scrolls to the end
  useEffect(() => {
    const pre = preRef.current
    if (pre) pre.scrollTop = pre.scrollHeight
  }, [text])
  if (logs.isPending) return <Skeleton className="h-24 w-full" />
  if (logs.isError) {
    return (
      <p className="text-sm text-red-700 dark:text-red-400">Could not load the log: {logs.error.message}</p>
    )
  }
  if (!logs.data.text) return <p className="text-sm text-muted">The log is empty.</p>
  return (
    <pre
      ref={preRef}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      role="log"
      aria-label="Log tail"
      className="max-h-80 w-full overflow-auto rounded bg-zinc-100 p-2 text-xs whitespace-pre-wrap dark:bg-zinc-900"
    >
      {logs.data.text}
    </pre>
  )
}
