import { Button } from '#src/components/ui/button.tsx'
import { Select } from '#src/components/ui/input.tsx'
import { groupDigits } from '#src/lib/text.ts'
import { PLUGIN_PAGE_SIZE } from '../api/plugin-queries.ts'

export const PLUGIN_PAGE_SIZES = [PLUGIN_PAGE_SIZE, 100, 250, 500]

export function PluginPagination(props: {
  page: number
  pageSize: number
  total: number
  /** The total is a lower bound (a broad search is counted only so far): "1,000+", Next stays on. */
  totalCapped?: boolean
  onPage: (page: number) => void
  onPageSize: (size: number) => void
}) {
  const { page, pageSize, total, totalCapped = false } = props
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const more = totalCapped ? '+' : ''
  const first = (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400"
    >
      <span>
        {first}–{last} of {groupDigits(total)}
        {more}
      </span>
      <div className="flex items-center gap-2">
        <Select
          aria-label="Rows per page"
          value={pageSize}
          onChange={(event) => props.onPageSize(Number(event.target.value))}
        >
          {PLUGIN_PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size} / page
            </option>
          ))}
        </Select>
        <Button size="sm" disabled={page <= 1} onClick={() => props.onPage(page - 1)}>
          Previous
        </Button>
        <span>
          Page {page} of {groupDigits(pages)}
          {more}
        </span>
        <Button size="sm" disabled={page >= pages && !totalCapped} onClick={() => props.onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  )
}
