import type { AuditEntry } from '#core/api/audit-schemas.ts'
import { Badge } from '#src/components/ui/badge.tsx'

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
                <Badge tone={entry.outcome === 'success' ? 'success' : 'danger'}>{entry.outcome}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
