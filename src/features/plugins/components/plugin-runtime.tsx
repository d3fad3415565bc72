import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { ErrorText } from '#src/components/ui/error-text.tsx'
import { useNow } from '#src/lib/use-now.ts'
import { Term } from './detail-panel.tsx'
import { formatDuration, formatMemory, restartCountdown } from './runtime-format.ts'

/** What the supervisor knows about the plugin's worker process (docs/runtime.md, diagnostics). */
export function PluginRuntime({ runtime }: { runtime: RuntimeInfo | null }) {
  const live = !!runtime && (!!runtime.nextRestartAt || (!!runtime.pid && !!runtime.startedAt))
  const now = useNow(live)
  if (!runtime) return <p className="text-sm text-muted">No worker: the plugin is not running.</p>
  return (
    <div className="flex flex-col gap-3">
      <dl className="grid grid-cols-[8rem_1fr] gap-y-1.5 text-sm">
        <Term label="Process">{runtime.pid ? `pid ${runtime.pid}` : 'not running'}</Term>
        <Term label="Uptime">
          {runtime.pid && runtime.startedAt
            ? formatDuration(now - new Date(runtime.startedAt).getTime())
            : '—'}
        </Term>
        <Term label="Memory (RSS)">{runtime.memoryRss === null ? '—' : formatMemory(runtime.memoryRss)}</Term>
        <Term label="Restarts">
          {runtime.restarts.consecutive} consecutive · {runtime.restarts.total} total
        </Term>
        <Term label="Pending calls">{runtime.pendingCalls}</Term>
        <Term label="Next restart">
          {runtime.nextRestartAt ? (
            <span role="timer" className="font-medium text-amber-700 dark:text-amber-400">
              {restartCountdown(runtime.nextRestartAt, now)}
              <span className="ml-1 text-xs font-normal text-muted">
                (at {new Date(runtime.nextRestartAt).toLocaleTimeString()})
              </span>
            </span>
          ) : (
            'none scheduled'
          )}
        </Term>
      </dl>
      {runtime.lastCrash ? (
        <div className="text-sm">
          <p className="text-muted">Last crash</p>
          <ErrorText text={runtime.lastCrash} />
        </div>
      ) : null}
    </div>
  )
}
