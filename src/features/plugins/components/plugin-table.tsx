import { useVirtualizer } from '@tanstack/react-virtual'
import { LoaderCircle } from 'lucide-react'
import { memo, useRef } from 'react'
import { Link } from 'react-router'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { LazyPluginActionsMenu } from './plugin-actions-menu-lazy.tsx'
import { HealthIndicator, PluginStatusBadge } from './plugin-status-badge.tsx'

/** Past this many rows only the visible ones are rendered. */
const VIRTUALIZE_FROM = 100
const ROW_HEIGHT = 48

const HEAD = ['Plugin', 'Version', 'Status', 'Health', 'Activity', '']

export function PluginTable({ workspaceId, plugins }: { workspaceId: string; plugins: Plugin[] }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtual = plugins.length > VIRTUALIZE_FROM
  const virtualizer = useVirtualizer({
    count: virtual ? plugins.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const rows = virtual ? items.map((item) => plugins[item.index]).filter((p): p is Plugin => !!p) : plugins
  const padTop = virtual ? (items[0]?.start ?? 0) : 0
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0

  return (
    <div ref={scrollRef} className={virtual ? 'max-h-[70vh] overflow-auto' : 'overflow-x-auto'}>
      <table className="w-full min-w-[44rem] table-fixed border-collapse text-sm">
        <TableHead />
        <tbody>
          {padTop > 0 ? <tr aria-hidden style={{ height: padTop }} /> : null}
          {rows.map((plugin) => (
            <PluginRow key={plugin.id} workspaceId={workspaceId} plugin={plugin} />
          ))}
          {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }} /> : null}
        </tbody>
      </table>
    </div>
  )
}

function TableHead() {
  return (
    <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs font-medium text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
      <tr>
        {HEAD.map((label, index) => (
          <th
            key={label || index}
            scope="col"
            className={`border-b border-zinc-200 px-3 py-2 dark:border-zinc-800 ${COLUMN_WIDTHS[index]}`}
          >
            {label ? label : <span className="sr-only">Actions</span>}
          </th>
        ))}
      </tr>
    </thead>
  )
}

const COLUMN_WIDTHS = ['w-auto', 'w-24', 'w-36', 'w-28', 'w-36', 'w-14']

/**
 * Memoized: a poll or a pushed change hands unchanged plugins over as the same objects (structural
 * sharing), so only the rows that changed render again, and scrolling renders only the rows that
 * come into view.
 */
const PluginRow = memo(function PluginRow({ workspaceId, plugin }: { workspaceId: string; plugin: Plugin }) {
  return (
    <tr className="h-12 border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900/60">
      <td className="truncate px-3">
        <Link
          to={`/w/${encodeURIComponent(workspaceId)}/plugins/${encodeURIComponent(plugin.id)}`}
          className="font-medium text-zinc-900 hover:underline dark:text-zinc-100"
        >
          {plugin.name}
        </Link>
        <span className="ml-2 font-mono text-xs text-muted">{plugin.pluginId}</span>
      </td>
      <td className="px-3 font-mono text-xs">{plugin.version}</td>
      <td className="px-3">
        <PluginStatusBadge status={plugin.status} />
      </td>
      <td className="px-3">
        <HealthIndicator health={plugin.health} />
      </td>
      <td className="truncate px-3 text-xs text-zinc-600 dark:text-zinc-400">
        {plugin.activeTaskId ? (
          <span className="inline-flex items-center gap-1" title={`Task ${plugin.activeTaskId}`}>
            <LoaderCircle aria-hidden className="size-3.5 animate-spin" /> Task running
          </span>
        ) : null}
      </td>
      <td className="px-3 text-right">
        <LazyPluginActionsMenu workspaceId={workspaceId} plugin={plugin} />
      </td>
    </tr>
  )
})

export function PluginTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <table className="w-full table-fixed text-sm" aria-busy="true" aria-label="Loading plugins">
      <TableHead />
      <tbody>
        {Array.from({ length: rows }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
          <tr key={index} className="h-12 border-b border-zinc-100 dark:border-zinc-800/70">
            {HEAD.map((label, cell) => (
              <td key={label || cell} className="px-3">
                <Skeleton className="h-4 w-3/4" />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
