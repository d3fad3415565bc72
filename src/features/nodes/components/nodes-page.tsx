import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import type { ClusterNodeInfo, NodeState } from '#core/api/node-schemas.ts'
import { Badge, type BadgeTone } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { formatAge } from '#src/lib/format-age.ts'
import { useNow } from '#src/lib/use-now.ts'
import { nodeQueries, useDrainNode } from '../api/node-queries.ts'
import { DrainNodeDialog } from './drain-node-dialog.tsx'

const STATE_TONE: Record<NodeState, BadgeTone> = {
  starting: 'info',
  active: 'success',
  draining: 'warning',
  drained: 'muted',
  lost: 'danger',
  stopped: 'muted',
}

/** The cluster's nodes for the instance's operators: how each is doing, and Drain. */
export function NodesPage() {
  const nodes = useQuery(nodeQueries.list())
  // Ages are the database's at the answer; between polls they keep counting here.
  const now = useNow(nodes.isSuccess)
  const sinceAnswer = nodes.isSuccess ? Math.max(0, now - nodes.dataUpdatedAt) : 0
  const drain = useDrainNode()
  const [draining, setDraining] = useState<ClusterNodeInfo | null>(null)

  return (
    <section className="flex flex-col gap-5">
      <header>
        <h1 className="text-lg font-semibold">Nodes</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The server processes sharing this database, for every workspace. Draining a node moves its plugins
          to the other live nodes.
        </p>
      </header>
      {nodes.isPending ? (
        <Skeleton className="h-32 w-full" aria-busy="true" aria-label="Loading nodes" />
      ) : nodes.isError ? (
        <LoadError title="Could not load the nodes" error={nodes.error} onRetry={() => nodes.refetch()} />
      ) : !nodes.data.clusterMode ? (
        <StateMessage title="This server runs alone">
          <p className="text-sm">
            It keeps its data in its own folder (PGlite), so there are no other nodes. Run several nodes on
            one PostgreSQL (DATABASE_URL) to see them here.
          </p>
        </StateMessage>
      ) : nodes.data.items.length === 0 ? (
        <StateMessage title="No nodes yet">
          <p className="text-sm">A node appears here once it has registered with the database.</p>
        </StateMessage>
      ) : (
        // relative: the screen-reader-only labels are placed inside the scroll box, not past the page.
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Nodes of the cluster</caption>
            <thead className="border-b border-zinc-200 text-xs text-muted dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Node
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  State
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Last heartbeat
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Version
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Plugins
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Running items
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {nodes.data.items.map((node) => (
                <NodeRow
                  key={node.name}
                  node={node}
                  sinceAnswer={sinceAnswer}
                  onDrain={() => {
                    drain.reset()
                    setDraining(node)
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DrainNodeDialog
        node={draining}
        pending={drain.isPending}
        error={drain.isError ? drain.error.message : null}
        onClose={() => setDraining(null)}
        onConfirm={(node) => drain.mutate(node.name, { onSuccess: () => setDraining(null) })}
      />
    </section>
  )
}

function NodeRow({
  node,
  sinceAnswer,
  onDrain,
}: {
  node: ClusterNodeInfo
  sinceAnswer: number
  onDrain: () => void
}) {
  return (
    <tr className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
      <th scope="row" className="px-3 py-2 font-medium">
        {node.name}
        {node.self ? <span className="ml-2 text-xs font-normal text-muted">(this node)</span> : null}
      </th>
      <td className="px-3 py-2">
        <Badge tone={STATE_TONE[node.state]}>{node.state}</Badge>
      </td>
      <td className="px-3 py-2">
        <time dateTime={node.heartbeatAt} title={new Date(node.heartbeatAt).toLocaleString()}>
          {formatAge(node.heartbeatAgeMs + sinceAnswer)}
        </time>
      </td>
      <td className="px-3 py-2">{node.version}</td>
      <td className="px-3 py-2">
        {node.plugins.length === 0 ? (
          <span className="text-muted">none</span>
        ) : (
          <ul aria-label={`Plugins on ${node.name}`} className="flex flex-wrap gap-x-2 gap-y-0.5">
            {node.plugins.map((plugin) => (
              <li key={`${plugin.workspaceId}/${plugin.id}`}>
                <Link
                  className="underline-offset-2 hover:underline"
                  to={`/w/${encodeURIComponent(plugin.workspaceId)}/plugins/${encodeURIComponent(plugin.id)}`}
                >
                  {plugin.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-3 py-2 tabular-nums">{node.runningItems}</td>
      <td className="px-3 py-2 text-right">
        {node.state === 'active' ? (
          <Button size="sm" onClick={onDrain} aria-label={`Drain ${node.name}`}>
            Drain
          </Button>
        ) : null}
      </td>
    </tr>
  )
}
