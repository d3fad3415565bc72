import type { Page } from '#core/api/common-schemas.ts'

/** One page of an already filtered and sorted list (pages count from 1). */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize }
}
