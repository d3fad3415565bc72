import type { Db } from '#server/sql/db.ts'
import type { NodeIdentity } from './node-lease.ts'

/** A ready plugin whose worker runs on a node that stopped answering, and that incarnation. */
export interface SilentPlacement {
  workspaceId: string
  pluginId: string
  node: NodeIdentity
}

const NOTE_START = 'Node '
const NOTE_END = ' stopped answering: its health is not known until it answers again or the plugin moves.'

/** The reason a live node writes on a silent node's plugins (lastError). */
export const silenceNote = (nodeId: string) => `${NOTE_START}${nodeId}${NOTE_END}`

/** Whether a lastError is that reason (the owner clears it when it answers again). */
export const isSilenceNote = (text: string | null) =>
  (text?.startsWith(NOTE_START) ?? false) && (text?.endsWith(NOTE_END) ?? false)

/**
 * The ready plugins (no task owns them) placed on another node that has not renewed its lease for
 * `silentAfterMs` (database clock) and still reads healthy or otherwise known: nothing is known
 * to run them until that node answers or is declared lost. Already `unknown` ones are left out,
 * so each silence is written once. Only a node that is itself active looks.
 */
export async function silentPlacements(
  db: Db,
  self: NodeIdentity,
  silentAfterMs: number,
): Promise<SilentPlacement[]> {
  const { rows } = await db.query<{
    workspace_id: string
    id: string
    node_id: string
    epoch: string | number
  }>(
    `SELECT p.workspace_id, p.id, n.id AS node_id, n.epoch FROM plugins p JOIN nodes n ON n.id = p.node_id
     WHERE n.id <> $1 AND n.state IN ('active', 'draining')
       AND n.heartbeat_at + $3 * interval '1 millisecond' < now()
       AND p.status = 'ready' AND p.active_task_id IS NULL AND p.health <> 'unknown'
       AND EXISTS (SELECT 1 FROM nodes me WHERE me.id = $1 AND me.epoch = $2 AND me.state = 'active')
     ORDER BY p.workspace_id, p.id`,
    [self.nodeId, self.epoch, silentAfterMs],
  )
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    pluginId: row.id,
    node: { nodeId: row.node_id, epoch: Number(row.epoch) },
  }))
}

/** The ready plugins placed on `self` that read `unknown` (another node saw this one silent). */
export async function unknownHere(
  db: Db,
  self: NodeIdentity,
): Promise<{ workspaceId: string; pluginId: string; silenceNoted: boolean }[]> {
  const { rows } = await db.query<{ workspace_id: string; id: string; last_error: string | null }>(
    `SELECT workspace_id, id, last_error FROM plugins
     WHERE node_id = $1 AND status = 'ready' AND active_task_id IS NULL AND health = 'unknown'`,
    [self.nodeId],
  )
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    pluginId: row.id,
    silenceNoted: isSilenceNote(row.last_error),
  }))
}
