import type { PluginDetail, RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { ErrorText } from '#src/components/ui/error-text.tsx'
import { formatAge } from '#src/lib/format-age.ts'
import { useNow } from '#src/lib/use-now.ts'
import { Term } from './detail-panel.tsx'
import { formatDuration, formatMemory, restartCountdown } from './runtime-format.ts'

type Placement = Pick<PluginDetail, 'node' | 'nodeStatus' | 'activeTaskId'>

/**
 * Cluster mode: the node the worker runs on, or that it stopped answering and the plugin is moving.
 * Nothing on a single server (the answer carries no node).
 */
export function PluginNodeLine({ plugin, pid }: { plugin: Placement; pid: number | null }) {
  if (plugin.node === undefined) return null
  const status = plugin.nodeStatus
  if (!status) {
    return (
      <p className="text-sm text-muted">
        {plugin.activeTaskId
          ? 'Not running on any node — moving to a live node.'
          : 'Not running on any node.'}
      </p>
    )
  }
  if (!status.answering) {
    return (
      <p role="status" className="text-sm font-medium text-amber-700 dark:text-amber-400">
        {status.name} stopped answering {formatAge(status.heartbeatAgeMs)} — moving
      </p>
    )
  }
  return (
    <p className="text-sm">
      Running on <span className="font-mono font-medium">{status.name}</span>
      {pid ? ` · pid ${pid}` : ''}
      {status.state === 'draining' ? (
        <span className="text-muted"> (draining: moving to another node)</span>
      ) : null}
    </p>
  )
}

/** What the supervisor knows about the plugin's worker process (docs/runtime.md, diagnostics). */
export function PluginRuntime({ runtime, plugin }: { runtime: RuntimeInfo | null; plugin?: Placement }) {
  const live = !!runtime && (!!runtime.nextRestartAt || (!!runtime.pid && !!runtime.startedAt))
  const now = useNow(live)
  const nodeLine = plugin ? <PluginNodeLine plugin={plugin} pid={runtime?.pid ?? null} /> : null
  if (!runtime) {
    // In a cluster the worker's diagnostics are kept by the node that runs it.
    const elsewhere = plugin?.nodeStatus?.answering
    return (
      <div className="flex flex-col gap-2">
        {nodeLine}
        {elsewhere ? (
          <p className="text-sm text-muted">
            Its process diagnostics are kept on {plugin?.nodeStatus?.name}.
          </p>
        ) : plugin?.node === undefined ? (
          <p className="text-sm text-muted">No worker: the plugin is not running.</p>
        ) : null}
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-3">
      {nodeLine}
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
