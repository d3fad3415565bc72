import type { AuditEntry, AuditQuery } from '#core/api/audit-schemas.ts'
import type { Page } from '#core/api/common-schemas.ts'
import { pageOf } from './page-of.ts'

/** The audit query over entries in append order: filters, then newest first, then one page. */
export function filterAudit(entries: readonly AuditEntry[], query: AuditQuery): Page<AuditEntry> {
  const from = query.from ? Date.parse(query.from) : Number.NEGATIVE_INFINITY
  const to = query.to ? Date.parse(query.to) : Number.POSITIVE_INFINITY
  const actor = query.actor?.toLowerCase()
  const matching = entries
    .filter((entry) => !query.action || entry.action === query.action)
    .filter((entry) => !actor || entry.actorId === query.actor || entry.actorEmail === actor)
    .filter((entry) => {
      const at = Date.parse(entry.at)
      return at >= from && at <= to
    })
    .map((entry, index) => ({ entry, index }))
    // Newest first; entries written in the same millisecond keep their append order, reversed.
    .sort((a, b) => Date.parse(b.entry.at) - Date.parse(a.entry.at) || b.index - a.index)
    .map(({ entry }) => ({ ...entry, details: { ...entry.details } }))
  return pageOf(matching, query.page, query.pageSize)
}
