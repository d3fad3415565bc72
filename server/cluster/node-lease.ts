import type { Db } from '#server/sql/db.ts'

/** One incarnation of a node: its id (stable across restarts) and the epoch of this start. */
export interface NodeIdentity {
  nodeId: string
  epoch: number
}

export interface NodeRegistration {
  nodeId: string
  /** Where the other nodes reach this one (forwarding), when known. */
  address: string | null
  version: string
  leaseMs: number
}

/** Active items of one task that were handed to this node. */
export interface AdoptedTask {
  workspaceId: string
  taskId: string
  itemIds: string[]
}

/** A node whose lease ran out, as the reaper found it. */
export interface LostNode extends NodeIdentity {
  /** The active task items of that node that were handed to the reaper's node. */
  adopted: AdoptedTask[]
  /** The plugins whose workers ran on that node: no node runs them now. */
  orphaned: { workspaceId: string; pluginId: string }[]
}

const ACTIVE_ITEM = `status IN ('pending', 'running')`

/**
 * Registers a new incarnation: a fresh epoch from the sequence, state `active`, a lease measured by
 * the database's clock. A row left by an earlier incarnation of the same node is replaced: that one
 * is gone (its work is recovered by `adoptOwnItems`), or it is a second process misconfigured with
 * the same id, which then finds its heartbeat refused and fences itself.
 */
export async function registerNode(db: Db, node: NodeRegistration): Promise<NodeIdentity> {
  const { rows } = await db.query<{ epoch: string | number }>(
    `INSERT INTO nodes (id, epoch, address, version, state, started_at, heartbeat_at, lease_until)
     VALUES ($1, nextval('node_epochs'), $2, $3, 'active', now(), now(), now() + $4 * interval '1 millisecond')
     ON CONFLICT (id) DO UPDATE SET epoch = EXCLUDED.epoch, address = EXCLUDED.address,
       version = EXCLUDED.version, state = 'active', started_at = now(), heartbeat_at = now(),
       lease_until = EXCLUDED.lease_until
     RETURNING epoch`,
    [node.nodeId, node.address, node.version, node.leaseMs],
  )
  return { nodeId: node.nodeId, epoch: Number(rows[0]?.epoch) }
}

/**
 * Renews the lease with the database's clock. False when no row matched: this incarnation was
 * declared lost (or replaced) and must fence itself.
 */
export async function renewLease(db: Db, self: NodeIdentity, leaseMs: number): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE nodes SET heartbeat_at = now(), lease_until = now() + $3 * interval '1 millisecond'
     WHERE id = $1 AND epoch = $2 AND state IN ('active', 'draining') RETURNING id`,
    [self.nodeId, self.epoch, leaseMs],
  )
  return rows.length === 1
}

/**
 * The end of a clean stop, after this node's workers stopped: its plugins run nowhere now. They read
 * so (health `failed`, the reason) until a node starts them: this one at its next start, or any
 * node a restart is sent to.
 */
export async function releasePlugins(db: Db, self: NodeIdentity): Promise<number> {
  const { rows } = await db.query(
    `UPDATE plugins SET node_id = NULL, placement_epoch = placement_epoch + 1, health = 'failed',
       last_error = 'Node ' || $1 || ' stopped: no node runs this plugin now. It starts again with that node, or restart it to run it on a live node.',
       updated_at = now()
     WHERE node_id = $1 AND status IN ('ready', 'upgrade_pending')
       AND EXISTS (SELECT 1 FROM nodes WHERE id = $1 AND epoch = $2)
     RETURNING id`,
    [self.nodeId, self.epoch],
  )
  return rows.length
}

/** Marks this incarnation `draining` (SIGTERM) or `stopped` (the end of a clean stop). */
export async function setNodeState(db: Db, self: NodeIdentity, state: 'draining' | 'stopped'): Promise<void> {
  await db.query(
    `UPDATE nodes SET state = $3 WHERE id = $1 AND epoch = $2 AND state IN ('active', 'draining')`,
    [self.nodeId, self.epoch, state],
  )
}

/**
 * Marks every node whose lease ended more than `graceMs` ago `lost` and hands its active task items
 * to `self`, in one transaction. The conditional UPDATE picks one winner when several reapers run
 * at once (the others find the row no longer matching), and a reaper that is itself no longer
 * active takes nothing.
 */
export async function reapLostNodes(db: Db, self: NodeIdentity, graceMs: number): Promise<LostNode[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; epoch: string | number }>(
      `UPDATE nodes SET state = 'lost'
       WHERE state IN ('starting', 'active', 'draining')
         AND lease_until + $3 * interval '1 millisecond' < now()
         AND id <> $1
         AND EXISTS (SELECT 1 FROM nodes me WHERE me.id = $1 AND me.epoch = $2 AND me.state = 'active')
       RETURNING id, epoch`,
      [self.nodeId, self.epoch, graceMs],
    )
    const lost: LostNode[] = []
    for (const row of rows) {
      const node = { nodeId: row.id, epoch: Number(row.epoch) }
      const adopted = await handOver(tx, { nodeId: node.nodeId, maxEpoch: node.epoch }, self)
      const { rows: orphaned } = await tx.query<{ workspace_id: string; id: string }>(
        `UPDATE plugins SET node_id = NULL, placement_epoch = placement_epoch + 1
         WHERE node_id = $1 RETURNING workspace_id, id`,
        [node.nodeId],
      )
      lost.push({
        ...node,
        adopted,
        orphaned: orphaned.map((row) => ({ workspaceId: row.workspace_id, pluginId: row.id })),
      })
    }
    return lost
  })
}

/**
 * Items still queued on a node that stopped cleanly and did not come back (its pending items
 * waited for its next start): the reaper's node takes them once the stopped node's lease ended.
 */
export async function adoptFromStoppedNodes(db: Db, self: NodeIdentity): Promise<AdoptedTask[]> {
  const { rows } = await db.query<ItemRef>(
    `UPDATE task_items i SET claimed_by = $1, claim_epoch = $2
     FROM nodes n
     WHERE n.id = i.claimed_by AND n.state = 'stopped' AND i.claim_epoch <= n.epoch AND n.lease_until < now()
       AND i.${ACTIVE_ITEM}
       AND EXISTS (SELECT 1 FROM nodes me WHERE me.id = $1 AND me.epoch = $2 AND me.state = 'active')
     RETURNING i.workspace_id, i.task_id, i.id`,
    [self.nodeId, self.epoch],
  )
  return byTask(rows)
}

/**
 * At start: the active items that earlier incarnations of this node claimed (it crashed or was
 * killed) become this incarnation's, to resume or to end, and so do items that carry no claim at
 * all (written before the database ran a cluster). Another node's items are never touched.
 */
export async function adoptOwnItems(db: Db, self: NodeIdentity): Promise<AdoptedTask[]> {
  const { rows } = await db.query<ItemRef>(
    `UPDATE task_items SET claimed_by = $1, claim_epoch = $2
     WHERE ((claimed_by = $1 AND claim_epoch < $2) OR claimed_by IS NULL) AND ${ACTIVE_ITEM}
     RETURNING workspace_id, task_id, id`,
    [self.nodeId, self.epoch],
  )
  return byTask(rows)
}

interface ItemRef {
  workspace_id: string
  task_id: string
  id: string
}

async function handOver(
  db: Db,
  from: { nodeId: string; maxEpoch: number },
  to: NodeIdentity,
): Promise<AdoptedTask[]> {
  const { rows } = await db.query<ItemRef>(
    `UPDATE task_items SET claimed_by = $3, claim_epoch = $4
     WHERE claimed_by = $1 AND claim_epoch <= $2 AND ${ACTIVE_ITEM}
     RETURNING workspace_id, task_id, id`,
    [from.nodeId, from.maxEpoch, to.nodeId, to.epoch],
  )
  return byTask(rows)
}

function byTask(rows: readonly ItemRef[]): AdoptedTask[] {
  const tasks = new Map<string, AdoptedTask>()
  for (const row of rows) {
    const key = `${row.workspace_id}/${row.task_id}`
    const task = tasks.get(key) ?? { workspaceId: row.workspace_id, taskId: row.task_id, itemIds: [] }
    task.itemIds.push(row.id)
    tasks.set(key, task)
  }
  return [...tasks.values()]
}

/** Tasks a user asked to cancel (on any node) that still have active items claimed by `self`. */
export async function cancelsForNode(
  db: Db,
  self: NodeIdentity,
): Promise<{ workspaceId: string; taskId: string }[]> {
  const { rows } = await db.query<{ workspace_id: string; id: string }>(
    `SELECT DISTINCT t.workspace_id, t.id FROM tasks t
     JOIN task_items i ON i.workspace_id = t.workspace_id AND i.task_id = t.id
     WHERE t.cancel_requested AND t.status IN ('pending', 'running')
       AND i.claimed_by = $1 AND i.claim_epoch = $2 AND i.${ACTIVE_ITEM}`,
    [self.nodeId, self.epoch],
  )
  return rows.map((row) => ({ workspaceId: row.workspace_id, taskId: row.id }))
}

/** Tasks with pending items claimed by `self` (routed here by another node, or adopted). */
export async function pendingClaimsOf(
  db: Db,
  self: NodeIdentity,
): Promise<{ workspaceId: string; taskId: string }[]> {
  const { rows } = await db.query<{ workspace_id: string; task_id: string }>(
    `SELECT DISTINCT workspace_id, task_id FROM task_items
     WHERE claimed_by = $1 AND claim_epoch = $2 AND status = 'pending'`,
    [self.nodeId, self.epoch],
  )
  return rows.map((row) => ({ workspaceId: row.workspace_id, taskId: row.task_id }))
}

/**
 * At start, before a ready plugin's worker is started here: true when the plugin is placed on this
 * node, or on no live node (then it is placed here). A plugin whose worker runs on another live
 * node is left to it.
 */
export async function placeHereAtStart(
  db: Db,
  self: NodeIdentity,
  workspaceId: string,
  pluginId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE plugins SET node_id = $3, placement_epoch = placement_epoch + CASE WHEN node_id = $3 THEN 0 ELSE 1 END
     WHERE workspace_id = $1 AND id = $2
       AND (node_id IS NULL OR node_id = $3
            OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = plugins.node_id AND n.state IN ('active', 'draining')))
     RETURNING id`,
    [workspaceId, pluginId, self.nodeId],
  )
  return rows.length === 1
}
