import type { AuditEntry } from '#core/api/audit-schemas.ts'
import { TASK_STARTING_ACTIONS } from '#core/audit/task-starting-actions.ts'
import type { AccountStore } from '#server/app/account-ports.ts'
import type { Db } from './db.ts'
import { isoOf, jsonParam, Params } from './sql-values.ts'

type Row = Record<string, unknown>

const COLUMNS =
  'id::text AS id, workspace_id, at, actor_id, actor_email, action, target, outcome, ip, details'

const entryOf = (row: Row): AuditEntry => ({
  id: row.id as string,
  workspaceId: (row.workspace_id as string | null) ?? null,
  at: isoOf(row.at),
  actorId: (row.actor_id as string | null) ?? null,
  actorEmail: (row.actor_email as string | null) ?? null,
  action: row.action as AuditEntry['action'],
  target: (row.target as string | null) ?? null,
  outcome: row.outcome as AuditEntry['outcome'],
  ip: (row.ip as string | null) ?? null,
  details: (row.details as Record<string, unknown>) ?? {},
})

/** The audit half of the AccountStore: append, and the filtered, paginated log of a workspace. */
export function createSqlAuditMethods(
  db: Db,
): Pick<AccountStore, 'appendAudit' | 'settleAuditTask' | 'listAudit'> {
  return {
    async appendAudit(entry) {
      const { rows } = await db.query<Row>(
        `INSERT INTO audit_log (workspace_id, at, actor_id, actor_email, action, target, outcome, ip, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING ${COLUMNS}`,
        [
          entry.workspaceId,
          entry.at,
          entry.actorId,
          entry.actorEmail,
          entry.action,
          entry.target,
          entry.outcome,
          entry.ip,
          jsonParam(entry.details),
        ],
      )
      return entryOf(rows[0] as Row)
    },
    async settleAuditTask(workspaceId, taskId, status) {
      await db.query(
        `UPDATE audit_log
            SET details = details || jsonb_build_object('taskStatus', $3::text),
                outcome = CASE WHEN $3::text = 'success' THEN outcome ELSE 'failure' END
          WHERE workspace_id = $1 AND details->>'taskId' = $2 AND action = ANY($4::text[])`,
        [workspaceId, taskId, status, TASK_STARTING_ACTIONS],
      )
    },
    async listAudit(workspaceId, query) {
      const params = new Params([workspaceId])
      // Its own entries, and the sign-ins (no workspace) of its current members.
      const where = [
        `(workspace_id = $1 OR (workspace_id IS NULL AND actor_id IN
          (SELECT user_id FROM memberships WHERE workspace_id = $1)))`,
      ]
      if (query.action) where.push(`action = ${params.add(query.action)}`)
      if (query.actor) {
        where.push(
          `(actor_id = ${params.add(query.actor)} OR actor_email = ${params.add(query.actor.toLowerCase())})`,
        )
      }
      if (query.from) where.push(`at >= ${params.add(query.from)}`)
      if (query.to) where.push(`at <= ${params.add(query.to)}`)
      const clause = where.join(' AND ')
      const total = await db.query<{ count: string }>(
        `SELECT count(*)::text AS count FROM audit_log WHERE ${clause}`,
        params.values,
      )
      const limit = params.add(query.pageSize)
      const offset = params.add((query.page - 1) * query.pageSize)
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM audit_log WHERE ${clause} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
        params.values,
      )
      return {
        items: rows.map(entryOf),
        total: Number(total.rows[0]?.count ?? 0),
        page: query.page,
        pageSize: query.pageSize,
      }
    },
  }
}
