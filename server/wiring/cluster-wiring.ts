import type { AppDeps } from '#server/app/ports.ts'
import { nodeLost, type RecoveryReport, SERVER_STOPPED } from '#server/app/tasks/task-recovery.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { recoverAdopted } from '#server/cluster/adopted-tasks.ts'
import type { ClusterHandlers, ClusterNode } from '#server/cluster/cluster-node.ts'
import { adoptFromStoppedNodes, adoptOwnItems, cancelsForNode } from '#server/cluster/node-lease.ts'
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

/** What this node does on its heartbeat: take over the items of lost nodes and of stopped ones. */
export function clusterHandlers(
  parts: NodeParts & { logger: Logger; onFenced(reason: string): void },
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
        logger.warn('node lost: its task items were taken over', {
          nodeId: node.nodeId,
          epoch: node.epoch,
          ...report,
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
    },
    onFenced: parts.onFenced,
  }
}

/** How often a node looks for cancels asked on other nodes of tasks it runs. */
export const CANCEL_POLL_MS = 1_000

/**
 * Cancels asked on any node reach the node that claims the items within about a second: it looks
 * for them every CANCEL_POLL_MS (one indexed query). Returns the stop function.
 */
export function pollCancels(parts: NodeParts & { cluster: ClusterNode; logger: Logger }): () => void {
  const { deps, db, runner, cluster, logger } = parts
  let busy = false
  const timer = setInterval(() => {
    const self = cluster.identity()
    if (busy || !self) return
    busy = true
    void (async () => {
      for (const ref of await cancelsForNode(db, self)) {
        const task = await deps.store.getTask(ref.workspaceId, ref.taskId)
        if (task) await runner.cancel(task)
      }
    })()
      .catch((error: unknown) => logger.warn('looking for cancels failed', errorFields(error)))
      .finally(() => {
        busy = false
      })
  }, CANCEL_POLL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
