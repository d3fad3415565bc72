import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from '#src/components/ui/button.tsx'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { useDebouncedValue } from '#src/lib/use-debounced-value.ts'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { auditQueries } from '../api/audit-queries.ts'
import { AuditFilterBar, type AuditFilterForm, toAuditFilters } from './audit-filters.tsx'
import { AuditTable } from './audit-table.tsx'

const NO_FILTERS: AuditFilterForm = { action: '', actor: '', from: '', to: '' }

export function AuditPage({ workspaceId }: { workspaceId: string }) {
  const access = useWorkspaceAccess(workspaceId)
  const allowed = access.can.readAudit
  return (
    <section className="flex flex-col gap-4">
      <header>
        <h1 className="text-lg font-semibold">Audit log</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Who did what, when, and from where.</p>
      </header>
      {allowed ? (
        <AuditLog workspaceId={workspaceId} />
      ) : access.role === undefined ? (
        <Skeleton className="h-48 w-full" aria-busy="true" aria-label="Loading the audit log" />
      ) : (
        <StateMessage title="Only admins can read the audit log" role="status" />
      )}
    </section>
  )
}

function AuditLog({ workspaceId }: { workspaceId: string }) {
  const [form, setForm] = useState(NO_FILTERS)
  const [page, setPage] = useState(1)
  const debounced = useDebouncedValue(form, 300)
  const log = useQuery(auditQueries.list(workspaceId, toAuditFilters(debounced, page)))
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / log.data.pageSize)) : 1

  return (
    <>
      <AuditFilterBar
        value={form}
        onChange={(next) => {
          setForm(next)
          setPage(1)
        }}
      />
      {log.isPending ? (
        <Skeleton className="h-48 w-full" aria-busy="true" aria-label="Loading the audit log" />
      ) : log.isError ? (
        <LoadError title="Could not load the audit log" error={log.error} onRetry={() => log.refetch()} />
      ) : log.data.items.length === 0 ? (
        <StateMessage
          title={
            Object.values(form).some(Boolean) ? 'No entries match these filters' : 'The audit log is empty'
          }
          role="status"
        />
      ) : (
        <>
          <AuditTable entries={log.data.items} />
          <nav aria-label="Audit pages" className="flex items-center justify-between text-sm">
            <span className="text-muted">
              Page {log.data.page} of {pages} · {log.data.total} entries
            </span>
            <div className="flex gap-2">
              <Button size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous page
              </Button>
              <Button size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next page
              </Button>
            </div>
          </nav>
        </>
      )}
    </>
  )
}
