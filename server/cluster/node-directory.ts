import type { ClusterNodeInfo, NodeState } from '#core/api/node-schemas.ts'
import type { DrainOutcome, NodeDirectory } from '#server/app/ports.ts'
import type { Db } from '#server/sql/db.ts'

interface NodeRow {
  id: string
  epoch: string | number
  state: Exclude<NodeState, 'drained'>
  version: string
  started_at: Date | string
  heartbeat_at: Date | string
  age_ms: string | number
  running_items: number
}

const iso = (value: Date | string) => new Date(value).toISOString()

/**
 * The nodes table as the API shows it, read with the database's clock. `answeringMs`: how long a
 * node may stay silent before the console says it stopped answering (two missed heartbeats).
 */
export function createNodeDirectory(db: Db, self: () => string, answeringMs: number): NodeDirectory {
  async function nodeRows(name?: string): Promise<NodeRow[]> {
    const { rows } = await db.query<NodeRow>(
      `SELECT n.id, n.epoch, n.state, n.version, n.started_at, n.heartbeat_at,
         GREATEST(0, floor(extract(epoch FROM now() - n.heartbeat_at) * 1000))::bigint AS age_ms,
         (SELECT count(*) FROM task_items i WHERE i.claimed_by = n.id AND i.claim_epoch = n.epoch
            AND i.status IN ('pending', 'running'))::int AS running_items
       FROM nodes n ${name === undefined ? '' : 'WHERE n.id = $1'} ORDER BY n.id`,
      name === undefined ? [] : [name],
    )
    return rows
  }

  async function withPlugins(rows: NodeRow[]): Promise<ClusterNodeInfo[]> {
    const { rows: placed } = await db.query<{
      workspace_id: string
      id: string
      name: string
      node_id: string
    }>(
      `SELECT workspace_id, id, name, node_id FROM plugins WHERE node_id IS NOT NULL
       ORDER BY name, workspace_id, id`,
    )
    return rows.map((row) => {
      const plugins = placed
        .filter((plugin) => plugin.node_id === row.id)
        .map((plugin) => ({ workspaceId: plugin.workspace_id, id: plugin.id, name: plugin.name }))
      // Drained: asked to drain, and nothing runs on it any more.
      const drained = row.state === 'draining' && plugins.length === 0 && row.running_items === 0
      return {
        name: row.id,
        state: drained ? 'drained' : row.state,
        version: row.version,
        startedAt: iso(row.started_at),
        heartbeatAt: iso(row.heartbeat_at),
        heartbeatAgeMs: Number(row.age_ms),
        self: row.id === self(),
        plugins,
        runningItems: row.running_items,
      }
    })
  }

  return {
    async list() {
      return withPlugins(await nodeRows())
    },
    async placements(workspaceId) {
      const { rows } = await db.query<{ id: string; node_id: string }>(
        'SELECT id, node_id FROM plugins WHERE workspace_id = $1 AND node_id IS NOT NULL',
        [workspaceId],
      )
      return new Map(rows.map((row) => [row.id, row.node_id]))
    },
    async statusOf(workspaceId, pluginId) {
      const { rows } = await db.query<{ id: string; state: NodeState; age_ms: string | number }>(
        `SELECT n.id, n.state, GREATEST(0, floor(extract(epoch FROM now() - n.heartbeat_at) * 1000))::bigint AS age_ms
         FROM plugins p JOIN nodes n ON n.id = p.node_id WHERE p.workspace_id = $1 AND p.id = $2`,
        [workspaceId, pluginId],
      )
      const row = rows[0]
      if (!row) return null
      const heartbeatAgeMs = Number(row.age_ms)
      const live = row.state === 'active' || row.state === 'draining'
      return {
        name: row.id,
        state: row.state,
        answering: live && heartbeatAgeMs <= answeringMs,
        heartbeatAgeMs,
      }
    },
    async drain(name): Promise<DrainOutcome> {
      // Only while another active node still answers: the plugins need somewhere to go.
      const { rows } = await db.query(
        `UPDATE nodes SET state = 'draining' WHERE id = $1 AND state = 'active'
           AND EXISTS (SELECT 1 FROM nodes o WHERE o.id <> $1 AND o.state = 'active' AND o.lease_until >= now())
         RETURNING id`,
        [name],
      )
      const [node] = await withPlugins(await nodeRows(name))
      if (!node) return { ok: false, code: 'NOT_FOUND' }
      if (rows.length === 1) return { ok: true, node }
      return { ok: false, code: node.state === 'active' ? 'NO_OTHER_NODE' : 'NOT_ACTIVE' }
    },
  }
}

/** This incarnation's state in the table (another node may have set it `draining`). */
export async function stateOf(db: Db, self: { nodeId: string; epoch: number }): Promise<string | null> {
  const { rows } = await db.query<{ state: string }>('SELECT state FROM nodes WHERE id = $1 AND epoch = $2', [
    self.nodeId,
    self.epoch,
  ])
  return rows[0]?.state ?? null
}

/** The active nodes other than `self` that still answer, fewest plugins first: where moved work goes. */
export async function drainTargets(
  db: Db,
  self: { nodeId: string },
): Promise<{ nodeId: string; epoch: number }[]> {
  const { rows } = await db.query<{ id: string; epoch: string | number }>(
    `SELECT n.id, n.epoch FROM nodes n
     WHERE n.id <> $1 AND n.state = 'active' AND n.lease_until >= now()
     ORDER BY (SELECT count(*) FROM plugins p WHERE p.node_id = n.id), n.id`,
    [self.nodeId],
  )
  return rows.map((row) => ({ nodeId: row.id, epoch: Number(row.epoch) }))
}

/** The plugins whose workers run on `self`. */
export async function placedOn(
  db: Db,
  self: { nodeId: string },
): Promise<{ workspaceId: string; pluginId: string }[]> {
  const { rows } = await db.query<{ workspace_id: string; id: string }>(
    'SELECT workspace_id, id FROM plugins WHERE node_id = $1 ORDER BY workspace_id, id',
    [self.nodeId],
  )
  return rows.map((row) => ({ workspaceId: row.workspace_id, pluginId: row.id }))
}

/** After its worker stopped here: the plugin runs on no node until the item that moves it ends. */
export async function unplace(db: Db, self: { nodeId: string }, workspaceId: string, pluginId: string) {
  await db.query(
    `UPDATE plugins SET node_id = NULL, placement_epoch = placement_epoch + 1
     WHERE workspace_id = $1 AND id = $2 AND node_id = $3`,
    [workspaceId, pluginId, self.nodeId],
  )
}

/**
 * Hands `self`'s pending items (all of them, or one task's) to `to`: a draining node runs nothing
 * new. Only items still pending and still claimed by this incarnation move, and never those of a
 * plugin whose worker still runs here (it would run twice): that one moves after its worker stopped.
 */
export async function handPendingTo(
  db: Db,
  self: { nodeId: string; epoch: number },
  to: { nodeId: string; epoch: number },
  taskId?: string,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE task_items SET claimed_by = $3, claim_epoch = $4
     WHERE claimed_by = $1 AND claim_epoch = $2 AND status = 'pending'${taskId ? ' AND task_id = $5' : ''}
       AND NOT EXISTS (SELECT 1 FROM plugins p
         WHERE p.workspace_id = task_items.workspace_id AND p.id = task_items.plugin_id AND p.node_id = $1)
     RETURNING id`,
    [self.nodeId, self.epoch, to.nodeId, to.epoch, ...(taskId ? [taskId] : [])],
  )
  return rows.length
}
