import type { Role } from '#core/api/auth-schemas.ts'
import type { AccountStore, ApiTokenRecord } from '#server/app/account-ports.ts'
import type { Db } from './db.ts'
import { isoOf } from './sql-values.ts'

type Row = Record<string, unknown>

const tokenOf = (row: Row): ApiTokenRecord => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  userId: row.user_id as string,
  name: row.name as string,
  prefix: row.prefix as string,
  hash: row.hash as string,
  role: row.role as Role,
  createdAt: isoOf(row.created_at),
  expiresAt: row.expires_at === null ? null : isoOf(row.expires_at),
  lastUsedAt: row.last_used_at === null ? null : isoOf(row.last_used_at),
})

/**
 * The API-token half of the AccountStore. A token row references its membership, so removing the
 * member deletes their tokens in that workspace (ON DELETE CASCADE).
 */
export function createSqlApiTokenMethods(
  db: Db,
): Pick<
  AccountStore,
  'createApiToken' | 'findApiToken' | 'listApiTokens' | 'deleteApiToken' | 'touchApiToken'
> {
  return {
    async createApiToken(token) {
      await db.query(
        `INSERT INTO api_tokens (id, workspace_id, user_id, name, prefix, hash, role, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          token.id,
          token.workspaceId,
          token.userId,
          token.name,
          token.prefix,
          token.hash,
          token.role,
          token.createdAt,
          token.expiresAt,
        ],
      )
    },
    async findApiToken(hash) {
      const { rows } = await db.query<Row>('SELECT * FROM api_tokens WHERE hash = $1', [hash])
      return rows[0] ? tokenOf(rows[0]) : null
    },
    async listApiTokens(workspaceId, userId) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM api_tokens WHERE workspace_id = $1 AND ($2::text IS NULL OR user_id = $2)
         ORDER BY created_at, id COLLATE "C"`,
        [workspaceId, userId ?? null],
      )
      return rows.map(tokenOf)
    },
    async deleteApiToken(workspaceId, id) {
      const { rows } = await db.query<Row>(
        'DELETE FROM api_tokens WHERE workspace_id = $1 AND id = $2 RETURNING *',
        [workspaceId, id],
      )
      return rows[0] ? tokenOf(rows[0]) : null
    },
    async touchApiToken(id, at) {
      await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at])
    },
  }
}
