import type { SignaturePolicy } from '#core/api/signature-policies.ts'
import type { SourceStore, StoredSource } from '#server/app/sources/source-ports.ts'
import type { Db } from './db.ts'

type Row = Record<string, unknown>

const toSource = (row: Row): StoredSource => ({
  id: String(row.id),
  workspaceId: String(row.workspace_id),
  name: String(row.name),
  url: String(row.url),
  scope: row.scope === null ? null : String(row.scope),
  sealedToken: row.sealed_token === null ? null : String(row.sealed_token),
  signaturePolicy: String(row.signature_policy) as SignaturePolicy,
  createdAt: new Date(row.created_at as string).toISOString(),
})

/** Registry sources in SQL (`registry_sources`); the token column only ever holds sealed text. */
export function createSqlSourceStore(db: Db): SourceStore {
  return {
    async list(workspaceId) {
      const { rows } = await db.query<Row>(
        'SELECT * FROM registry_sources WHERE workspace_id = $1 ORDER BY created_at, id',
        [workspaceId],
      )
      return rows.map(toSource)
    },
    async get(workspaceId, id) {
      const { rows } = await db.query<Row>(
        'SELECT * FROM registry_sources WHERE workspace_id = $1 AND id = $2',
        [workspaceId, id],
      )
      return rows[0] ? toSource(rows[0]) : null
    },
    async create(source) {
      await db.query(
        `INSERT INTO registry_sources (workspace_id, id, name, url, scope, sealed_token, signature_policy, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          source.workspaceId,
          source.id,
          source.name,
          source.url,
          source.scope,
          source.sealedToken,
          source.signaturePolicy,
          source.createdAt,
        ],
      )
    },
    async setSignaturePolicy(workspaceId, id, policy) {
      const { rows } = await db.query<Row>(
        'UPDATE registry_sources SET signature_policy = $3 WHERE workspace_id = $1 AND id = $2 RETURNING id',
        [workspaceId, id, policy],
      )
      return rows.length > 0
    },
    async remove(workspaceId, id) {
      const { rows } = await db.query<Row>(
        'DELETE FROM registry_sources WHERE workspace_id = $1 AND id = $2 RETURNING id',
        [workspaceId, id],
      )
      return rows.length > 0
    },
  }
}
