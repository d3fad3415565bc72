import { useVirtualizer } from '@tanstack/react-virtual'
import { LoaderCircle } from 'lucide-react'
import { type MouseEvent, memo, useCallback, useRef } from 'react'
import { useNavigate } from 'react-router'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { compareSemver } from '#core/manifest/semver.ts'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { LazyPluginActionsMenu } from './plugin-actions-menu-lazy.tsx'
import { DevBadge, HealthIndicator, PluginStatusBadge } from './plugin-status-badge.tsx'

/** Past this many rows only the visible ones are rendered. */
const VIRTUALIZE_FROM = 100
const ROW_HEIGHT = 48

const HEAD = ['Plugin', 'Version', 'Status', 'Health', 'Activity', '']
const COLUMN_WIDTHS = ['w-auto', 'w-24', 'w-36', 'w-28', 'w-36', 'w-14']
/** Cluster mode adds the Node column after Health. */
const CLUSTER_HEAD = ['Plugin', 'Version', 'Status', 'Health', 'Node', 'Activity', '']
const CLUSTER_WIDTHS = ['w-auto', 'w-24', 'w-36', 'w-28', 'w-28', 'w-36', 'w-14']

/** The server runs in cluster mode when its answers carry the node (null: on none); a single one omits it. */
const inCluster = (plugins: Plugin[]) => plugins.some((plugin) => plugin.node !== undefined)

/** A newer version of an installed plugin in its source (the route reads it from the updates feature). */
export interface AvailableUpdate {
  version: string
  changelog: string | null
}

/** Available updates by installation id. */
type Updates = ReadonlyMap<string, AvailableUpdate> | undefined

export function PluginTable({
  workspaceId,
  plugins,
  updates,
}: {
  workspaceId: string
  plugins: Plugin[]
  updates?: Updates
}) {
  const onClick = useRowLinkNavigation()
  const cluster = inCluster(plugins)
  if (plugins.length > VIRTUALIZE_FROM) {
    return (
      <VirtualPluginTable
        workspaceId={workspaceId}
        plugins={plugins}
        updates={updates}
        onClick={onClick}
        cluster={cluster}
      />
    )
  }
  return (
    <div className="overflow-x-auto">
      <table className={TABLE_CLASS}>
        <TableHead cluster={cluster} />
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a focused row link fires this same click */}
        <tbody onClick={onClick}>
          {plugins.map((plugin) => (
            <PluginRow
              key={plugin.id}
              workspaceId={workspaceId}
              plugin={plugin}
              update={updates?.get(plugin.id)}
              cluster={cluster}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const TABLE_CLASS = 'w-full min-w-[44rem] table-fixed border-collapse text-sm'

/**
 * Only the rows in view (and a few either side) are rendered, between two spacer rows. Its own
 * component: a short list never sets up the virtualizer, whose first measure of the scroll box would
 * force a layout in the middle of the first render.
 */
function VirtualPluginTable({
  workspaceId,
  plugins,
  updates,
  onClick,
  cluster,
}: {
  workspaceId: string
  plugins: Plugin[]
  updates: Updates
  onClick: (event: MouseEvent<HTMLElement>) => void
  cluster: boolean
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: plugins.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const padTop = items[0]?.start ?? 0
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <div ref={scrollRef} className="max-h-[70vh] overflow-auto">
      <table className={TABLE_CLASS}>
        <TableHead cluster={cluster} />
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a focused row link fires this same click */}
        <tbody onClick={onClick}>
          {padTop > 0 ? <tr aria-hidden style={{ height: padTop }} /> : null}
          {items.map((item) => {
            const plugin = plugins[item.index]
            return plugin ? (
              <PluginRow
                key={plugin.id}
                workspaceId={workspaceId}
                plugin={plugin}
                update={updates?.get(plugin.id)}
                cluster={cluster}
              />
            ) : null
          })}
          {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }} /> : null}
        </tbody>
      </table>
    </div>
  )
}

/**
 * One click handler for every row link: the links are plain anchors (a router Link per row resolves
 * its path on every render), and a plain click on one navigates within the app. Clicks that ask for
 * a new tab or window keep the browser's own behaviour.
 */
function useRowLinkNavigation() {
  const navigate = useNavigate()
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0) return
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      const link = (event.target as Element).closest('a[data-row-link]')
      const href = link?.getAttribute('href')
      if (!href) return
      event.preventDefault()
      navigate(href)
    },
    [navigate],
  )
}

function TableHead({ cluster = false }: { cluster?: boolean }) {
  const head = cluster ? CLUSTER_HEAD : HEAD
  const widths = cluster ? CLUSTER_WIDTHS : COLUMN_WIDTHS
  return (
    <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs font-medium text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
      <tr>
        {head.map((label, index) => (
          <th
            key={label || index}
            scope="col"
            className={`border-b border-zinc-200 px-3 py-2 dark:border-zinc-800 ${widths[index]}`}
          >
            {label ? label : <span className="sr-only">Actions</span>}
          </th>
        ))}
      </tr>
    </thead>
  )
}

/**
 * Memoized: a poll or a pushed change hands unchanged plugins over as the same objects (structural
 * sharing), so only the rows that changed render again, and scrolling renders only the rows that
 * come into view.
 */
const PluginRow = memo(function PluginRow({
  workspaceId,
  plugin,
  update,
  cluster,
}: {
  workspaceId: string
  plugin: Plugin
  update: AvailableUpdate | undefined
  cluster: boolean
}) {
  return (
    <tr className="h-12 border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900/60">
      <td className="truncate px-3">
        <a
          href={`/w/${encodeURIComponent(workspaceId)}/plugins/${encodeURIComponent(plugin.id)}`}
          data-row-link
          className="font-medium text-zinc-900 hover:underline dark:text-zinc-100"
        >
          {plugin.name}
        </a>
        <span className="ml-2 font-mono text-xs text-muted">{plugin.pluginId}</span>
      </td>
      <td className="px-3 font-mono text-xs">
        {plugin.version}
        {update && compareSemver(update.version, plugin.version) > 0 ? (
          <span
            className="block truncate font-sans text-sky-700 dark:text-sky-400"
            title={update.changelog ?? undefined}
          >
            update available: {update.version}
          </span>
        ) : null}
      </td>
      <td className="px-3">
        <span className="inline-flex items-center gap-1">
          <PluginStatusBadge status={plugin.status} />
          <DevBadge source={plugin.source} />
        </span>
      </td>
      <td className="px-3">
        <HealthIndicator health={plugin.health} />
      </td>
      {cluster ? (
        <td className="truncate px-3 font-mono text-xs" title={plugin.node ?? 'No node runs this plugin'}>
          {plugin.node ?? <span className="font-sans text-muted">—</span>}
        </td>
      ) : null}
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
