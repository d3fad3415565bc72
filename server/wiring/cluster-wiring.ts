import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { newTask } from '#server/app/services/new-task.ts'
import {
  INTERRUPTED_ACTOR,
  nodeLost,
  type RecoveryReport,
  SERVER_STOPPED,
} from '#server/app/tasks/task-recovery.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { recoverAdopted } from '#server/cluster/adopted-tasks.ts'
import type { ClusterHandlers, ClusterNode } from '#server/cluster/cluster-node.ts'
import {
  adoptFromStoppedNodes,
  adoptOwnItems,
  cancelsForNode,
  type LostNode,
  type NodeIdentity,
  pendingClaimsOf,
} from '#server/cluster/node-lease.ts'
import { silenceNote, silentPlacements, unknownHere } from '#server/cluster/silent-nodes.ts'
import { errorFields, type Logger } from '#server/node-http/logger.ts'
import type { Db } from '#server/sql/db.ts'

interface NodeParts {
  deps: AppDeps
  db: Db
  runner: TaskRunner
}

/**
 * Start-up recovery. One process on PGlite: every active task was this server's. On PostgreSQL:
 * only the items this node's earlier incarnations claimed (and unclaimed ones); the items of
 * other nodes, alive or not, are theirs or their reaper's.
 */
export async function recoverHere(
  parts: NodeParts & { cluster: ClusterNode | null },
): Promise<RecoveryReport> {
  const { deps, db, runner, cluster } = parts
  if (!cluster) return runner.recover()
  const self = cluster.identity()
  if (!self) return { resumed: 0, interrupted: 0 }
  return recoverAdopted(deps, runner, await adoptOwnItems(db, self), SERVER_STOPPED)
}

interface SilenceParts {
  /** How long a node may stay silent before its plugins read `unknown` (two missed heartbeats). */
  silentAfterMs: number
  /** Writes a plugin's health again from what its worker here last said. */
  restate(workspaceId: string, pluginId: string, clearError: boolean): Promise<void>
}

/** What this node does on its heartbeat: take over the items of lost nodes and of stopped ones. */
export function clusterHandlers(
  parts: NodeParts & SilenceParts & { logger: Logger; onFenced(reason: string): void },
): ClusterHandlers {
  const { deps, db, runner, logger } = parts
  return {
    async onLost(lost) {
      for (const node of lost) {
        const report = await recoverAdopted(
          deps,
          runner,
          node.adopted,
          nodeLost(node.nodeId, deps.clock.now()),
        )
        const notRunning = await markNotRunning(deps, node)
        const failovers = await startFailovers(deps, runner, node)
        logger.warn('node lost: its task items were taken over', {
          nodeId: node.nodeId,
          epoch: node.epoch,
          ...report,
          pluginsNotRunning: notRunning,
          failoverTasks: failovers,
        })
      }
    },
    async onBeat(self) {
      const stopped = await adoptFromStoppedNodes(db, self)
      if (stopped.length > 0) {
        const report = await recoverAdopted(deps, runner, stopped, SERVER_STOPPED)
        logger.info('task items queued on a stopped node were taken over', { ...report })
      }
      for (const ref of await cancelsForNode(db, self)) {
        const task = await deps.store.getTask(ref.workspaceId, ref.taskId)
        if (task)
          await runner
            .cancel(task)
            .catch((error: unknown) => logger.warn('cancel failed', errorFields(error)))
      }
      await markSilentNodes(deps, db, self, parts)
    },
    onFenced: parts.onFenced,
  }
}

/**
 * Between a node going silent and it being declared lost, nothing is known to run its plugins: a
 * live node writes their health `unknown` (once: the query skips those already unknown), fenced by
 * the plugin still being placed on that incarnation. The other way round, a node whose plugins
 * read `unknown` while it answers (it was paused, not lost) writes their real health again.
 */
async function markSilentNodes(deps: AppDeps, db: Db, self: NodeIdentity, parts: SilenceParts) {
  for (const { workspaceId, pluginId, node } of await silentPlacements(db, self, parts.silentAfterMs))
    await deps.store.updatePlugin(
      workspaceId,
      pluginId,
      { health: 'unknown', lastError: silenceNote(node.nodeId) },
      node,
    )
  for (const plugin of await unknownHere(db, self))
    await parts.restate(plugin.workspaceId, plugin.pluginId, plugin.silenceNoted)
}

/**
 * The plugins a lost node ran: nothing runs them now, and the console says so (health `failed`,
 * the reason in lastError) instead of showing them ready and healthy, until the failover task
 * starts them here.
 */
async function markNotRunning(deps: AppDeps, node: LostNode): Promise<number> {
  let count = 0
  for (const { workspaceId, pluginId } of node.orphaned) {
    const plugin = await deps.store.getPlugin(workspaceId, pluginId)
    if (!plugin || (plugin.status !== 'ready' && plugin.status !== 'upgrade_pending')) continue
    await deps.store.updatePlugin(workspaceId, pluginId, {
      health: 'failed',
      lastError:
        `Node ${node.nodeId} stopped answering: no node runs this plugin now; ` +
        'it is being moved to a live node (a failover task).',
      modules: plugin.modules.map((module) => ({ ...module, status: 'stopped' as const })),
    })
    count++
  }
  return count
}

/**
 * One system task (kind `failover`) per workspace moves the lost node's ready plugins here: it
 * shows in the task panel, and each item starts the plugin's worker on this node. A plugin with an
 * active task of its own is left to that task. Returns how many tasks were started.
 */
async function startFailovers(deps: AppDeps, runner: TaskRunner, node: LostNode): Promise<number> {
  const byWorkspace = new Map<string, Plugin[]>()
  for (const { workspaceId, pluginId } of node.orphaned) {
    const plugin = await deps.store.getPlugin(workspaceId, pluginId)
    if (plugin?.status !== 'ready' || plugin.activeTaskId) continue
    byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), plugin])
  }
  let started = 0
  for (const [workspaceId, plugins] of byWorkspace) {
    const task = newTask(deps, {
      workspaceId,
      kind: 'failover',
      actor: INTERRUPTED_ACTOR,
      items: plugins.map((plugin) => ({
        pluginId: plugin.id,
        pluginRef: plugin.pluginId,
        pluginName: plugin.name,
        version: plugin.version,
      })),
    })
    const claims = plugins.map((plugin) => ({ pluginId: plugin.id, expectStatus: 'ready' as const }))
    const result = await deps.store.createTask(task, claims)
    if (!result.ok) continue
    runner.enqueue(result.task)
    started++
  }
  return started
}

/** How often a node looks for work routed to it and for cancels asked on other nodes. */
export const CLAIM_POLL_MS = 1_000

/**
 * Within about a second, a node picks up the items another node routed to it (they belong to a
 * plugin whose worker runs here) and the cancels asked on any node of items it runs: it looks for
 * both every CLAIM_POLL_MS (indexed queries). Returns the stop function.
 */
export function pollClaims(parts: NodeParts & { cluster: ClusterNode; logger: Logger }): () => void {
  const { deps, db, runner, cluster, logger } = parts
  let busy = false
  const timer = setInterval(() => {
    const self = cluster.identity()
    if (busy || !self) return
    busy = true
    void (async () => {
      for (const ref of await pendingClaimsOf(db, self)) {
        const task = await deps.store.getTask(ref.workspaceId, ref.taskId)
        if (task) runner.enqueue(task)
      }
      for (const ref of await cancelsForNode(db, self)) {
        const task = await deps.store.getTask(ref.workspaceId, ref.taskId)
        if (task) await runner.cancel(task)
      }
    })()
      .catch((error: unknown) =>
        logger.warn('looking for claimed work and cancels failed', errorFields(error)),
      )
      .finally(() => {
        busy = false
      })
  }, CLAIM_POLL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
