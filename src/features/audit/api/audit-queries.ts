import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { AuditAction, AuditEntry } from '#core/api/audit-schemas.ts'
import { apiPaths, apiRequest, toSearch } from '#src/lib/api-client.ts'

export interface AuditFilters {
  action?: AuditAction
  actor?: string
  /** ISO timestamps. */
  from?: string
  to?: string
  page?: number
}

export interface AuditList {
  items: AuditEntry[]
  total: number
  page: number
  pageSize: number
}

export const AUDIT_PAGE_SIZE = 50

export const auditQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'audit'] as const,
  list: (workspaceId: string, filters: AuditFilters) =>
    queryOptions({
      queryKey: [...auditQueries.all(workspaceId), filters] as const,
      queryFn: ({ signal }) =>
        apiRequest<AuditList>(
          `${apiPaths.audit(workspaceId)}${toSearch({ ...filters, pageSize: AUDIT_PAGE_SIZE })}`,
          { signal },
        ),
      placeholderData: keepPreviousData,
    }),
}
