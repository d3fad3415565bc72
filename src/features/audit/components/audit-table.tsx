import type { AuditEntry } from '#core/api/audit-schemas.ts'
import { TASK_STARTING_ACTIONS } from '#core/audit/task-starting-actions.ts'
import { Badge, type BadgeTone } from '#src/components/ui/badge.tsx'

/**
 * What became of the entry's request. A request that started a task is only done when its task
 * is: until the server records that end, it reads "started", never "success".
 */
export function auditOutcome(entry: AuditEntry): { label: string; tone: BadgeTone } {
  if (entry.outcome === 'failure') {
    const cancelled = entry.details.taskStatus === 'cancelled'
    return { label: cancelled ? 'cancelled' : 'failure', tone: 'danger' }
  }
  const startsTask = TASK_STARTING_ACTIONS.includes(entry.action) && typeof entry.details.taskId === 'string'
  if (startsTask && entry.details.taskStatus === undefined) return { label: 'started', tone: 'info' }
  return { label: 'success', tone: 'success' }
}

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit log</caption>
        <thead className="border-b border-zinc-200 text-xs text-muted dark:border-zinc-800">
          <tr>
            {['When', 'Who', 'Action', 'Target', 'From address', 'Outcome'].map((label) => (
              <th key={label} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70">
              <td className="px-3 py-2 whitespace-nowrap">
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
              </td>
              <td className="px-3 py-2">{entry.actorEmail ?? entry.actorId ?? '—'}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
              <td className="px-3 py-2 font-mono text-xs break-all">{entry.target ?? '—'}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.ip ?? '—'}</td>
              <td className="px-3 py-2">
                <Badge tone={auditOutcome(entry).tone}>{auditOutcome(entry).label}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
