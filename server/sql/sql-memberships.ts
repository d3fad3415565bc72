import type { Role } from '#core/api/auth-schemas.ts'
import type { MembershipChange, WorkspaceRecord } from '#server/app/account-ports.ts'
import type { Db } from './db.ts'

type Row = Record<string, unknown>

export async function insertWorkspace(db: Db, workspace: WorkspaceRecord, ownerId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // A row the plugin store created on first use is taken over (named, given its policy).
    await tx.query(
      `INSERT INTO workspaces (id, name, install_policy, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, install_policy = EXCLUDED.install_policy`,
      [workspace.id, workspace.name, workspace.installPolicy, workspace.createdAt],
    )
    await tx.query(
      `INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = 'owner'`,
      [workspace.id, ownerId, workspace.createdAt],
    )
  })
}

/**
 * A membership change that must leave an owner: the workspace's owner rows are locked first, so
 * two owners demoting each other at once cannot both succeed.
 */
export async function changeMembership(
  db: Db,
  workspaceId: string,
  userId: string,
  change: { role: Role } | 'remove',
): Promise<MembershipChange> {
  return db.transaction(async (tx) => {
    const owners = await tx.query<Row>(
      `SELECT user_id FROM memberships WHERE workspace_id = $1 AND role = 'owner' FOR UPDATE`,
      [workspaceId],
    )
    const { rows } = await tx.query<Row>(
      'SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2',
      [workspaceId, userId],
    )
    const current = rows[0]?.role as Role | undefined
    if (!current) return 'not_found'
    const staysOwner = change !== 'remove' && change.role === 'owner'
    if (current === 'owner' && !staysOwner && owners.rows.length <= 1) return 'last_owner'
    if (change === 'remove') {
      await tx.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [
        workspaceId,
        userId,
      ])
    } else {
      await tx.query('UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2', [
        workspaceId,
        userId,
        change.role,
      ])
    }
    return 'ok'
  })
}
