import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { newTask } from '#server/app/services/new-task.ts'
import { stoppedModules } from '#server/app/services/package-fields.ts'
import { INTERRUPTED_ACTOR } from '#server/app/tasks/task-recovery.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import type { ClusterNode } from '#server/cluster/cluster-node.ts'
import { drainTargets, handPendingTo, placedOn, stateOf, unplace } from '#server/cluster/node-directory.ts'
import type { NodeIdentity } from '#server/cluster/node-lease.ts'
import { errorFields, type Logger } from '#server/node-http/logger.ts'
import type { Db } from '#server/sql/db.ts'

interface DrainParts {
  deps: AppDeps
  db: Db
  runner: TaskRunner
  cluster: ClusterNode
  logger: Logger
}

/** How often a node looks whether it was asked to drain, and while draining moves what is left. */
const DRAIN_POLL_MS = 1_000
/** How long one worker may take to stop before its plugin moves anyway. */
const WORKER_STOP_MS = 10_000

export interface NodeDrain {
  /**
   * SIGTERM: drain now and wait, at most `ms`, until every plugin this node ran moved (its worker
   * stopped here and its failover task handed to a live node). True when nothing is left here.
   */
  drainNow(ms: number): Promise<boolean>
  stop(): void
}

/**
 * Draining (docs/runtime.md): asked through `POST /api/nodes/:name/drain` on any node (the table
 * says `draining`) or by SIGTERM, this node takes no new task item, and moves each ready plugin
 * whose worker runs here to the live node with the fewest plugins: a `failover` task claims the
 * plugin, the worker stops here, and the item goes to that node, which starts the worker. Pending
 * items queued here go to a live node too. A plugin with a task of its own moves once it ends.
 */
export function watchDrain(parts: DrainParts): NodeDrain {
  const { deps, db, runner, cluster, logger } = parts
  let draining = false
  let busy: Promise<boolean> | null = null

  const begin = () => {
    if (draining) return
    draining = true
    logger.info('draining: this node takes no new task items and moves its plugins')
    void runner.drain()
  }

  /** Stops the plugin's worker here and places it on no node: what moves it runs elsewhere. */
  async function release(self: NodeIdentity, plugin: Plugin, to: NodeIdentity) {
    await deps.runtime
      .stop({
        workspaceId: plugin.workspaceId,
        plugin,
        signal: AbortSignal.timeout(WORKER_STOP_MS),
        report: async () => {},
      })
      .catch((error: unknown) => logger.warn('stopping a worker to move it failed', errorFields(error)))
    await unplace(db, self, plugin.workspaceId, plugin.id)
    await deps.store.updatePlugin(plugin.workspaceId, plugin.id, {
      health: 'failed',
      lastError: `Node ${self.nodeId} is draining: the plugin is moving to ${to.nodeId}.`,
      modules: stoppedModules(plugin.modules),
    })
  }

  /**
   * One plugin whose worker runs here. Without a task: a failover task claims it, the worker stops,
   * the item goes to `to`. With a task whose items wait here (sent to this node while it drains):
   * the worker stops and the items go to `to`, which runs them as they are. A running item is left
   * to end here; the plugin moves on a later round. True when it moved.
   */
  async function moveOne(
    self: NodeIdentity,
    ref: { workspaceId: string; pluginId: string },
    to: NodeIdentity,
  ) {
    const plugin = await deps.store.getPlugin(ref.workspaceId, ref.pluginId)
    if (!plugin) return false
    if (plugin.activeTaskId) {
      const task = await deps.store.getTask(ref.workspaceId, plugin.activeTaskId)
      const items = task?.items.filter((item) => item.pluginId === plugin.id) ?? []
      const waiting = items.every((item) => item.status === 'pending' && item.node === self.nodeId)
      if (!task || items.length === 0 || !waiting) return false
      await release(self, plugin, to)
      await handPendingTo(db, self, to, task.id)
      return true
    }
    // A staged upgrade waits for its approval here; only a plugin that simply runs is moved.
    if (plugin.status !== 'ready') return false
    const task = newTask(deps, {
      workspaceId: ref.workspaceId,
      kind: 'failover',
      actor: INTERRUPTED_ACTOR,
      items: [
        { pluginId: plugin.id, pluginRef: plugin.pluginId, pluginName: plugin.name, version: plugin.version },
      ],
    })
    // The task claims the plugin first: nothing else acts on it while it moves.
    const created = await deps.store.createTask(task, [{ pluginId: plugin.id, expectStatus: 'ready' }])
    if (!created.ok) return false
    await release(self, plugin, to)
    await handPendingTo(db, self, to, task.id)
    return true
  }

  /** One round of moving; true when nothing runs here any more. */
  async function moveOut(): Promise<boolean> {
    const self = cluster.identity()
    if (!self) return false
    const targets = await drainTargets(db, self)
    if (targets.length === 0) return false
    let moved = 0
    for (const ref of await placedOn(db, self)) {
      const to = targets[moved % targets.length] as NodeIdentity
      if (await moveOne(self, ref, to)) moved++
    }
    // Whatever is still queued here (requests this node took while draining) runs elsewhere.
    await handPendingTo(db, self, targets[0] as NodeIdentity)
    if (moved > 0) logger.info('draining: plugins handed to live nodes', { moved })
    return (await placedOn(db, self)).length === 0
  }

  const round = (): Promise<boolean> => {
    busy ??= moveOut()
      .catch((error: unknown) => {
        logger.warn('draining this node failed this round', errorFields(error))
        return false
      })
      .finally(() => {
        busy = null
      })
    return busy
  }

  const timer = setInterval(() => {
    const self = cluster.identity()
    if (!self || busy) return
    if (draining) {
      void round()
      return
    }
    void stateOf(db, self)
      .then((state) => {
        if (state !== 'draining') return
        begin()
        return round()
      })
      .catch((error: unknown) => logger.warn('reading this node’s state failed', errorFields(error)))
  }, DRAIN_POLL_MS)
  timer.unref()

  return {
    async drainNow(ms) {
      begin()
      const self = cluster.identity()
      // Alone (or the last one standing): nowhere to move to; the stop releases the plugins.
      if (!self || (await drainTargets(db, self)).length === 0) return false
      const deadline = performance.now() + ms
      while (performance.now() < deadline) {
        if (await round()) return true
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(250, Math.max(0, deadline - performance.now()))),
        )
      }
      return false
    },
    stop: () => clearInterval(timer),
  }
}
