import type { ConfigStore, ConfigVersion, ManifestModule } from '#server/app/config/config-ports.ts'
import { type Db, sqlStateOf, UNIQUE_VIOLATION } from './db.ts'
import { isoOf, jsonParam } from './sql-values.ts'

type Row = Record<string, unknown>

const COLUMNS = `workspace_id, plugin_id, version, status, "values", sealed, changes, actor, at, reason, task_id`

const versionOf = (row: Row): ConfigVersion => ({
  workspaceId: row.workspace_id as string,
  pluginId: row.plugin_id as string,
  version: Number(row.version),
  status: row.status as ConfigVersion['status'],
  values: row.values as ConfigVersion['values'],
  sealed: row.sealed as ConfigVersion['sealed'],
  changes: row.changes as ConfigVersion['changes'],
  actor: row.actor as string,
  at: isoOf(row.at),
  reason: row.reason as string,
  taskId: (row.task_id as string | null) ?? null,
})

/** The ConfigStore port over SQL (PGlite or PostgreSQL). */
export function createSqlConfigStore(db: Db): ConfigStore {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await db.query<Row>(sql, params)
    return rows[0] ? versionOf(rows[0]) : null
  }
  return {
    current: (workspaceId, pluginId) =>
      one(
        `SELECT ${COLUMNS} FROM plugin_configs WHERE workspace_id = $1 AND plugin_id = $2
         AND status = 'applied' ORDER BY version DESC LIMIT 1`,
        [workspaceId, pluginId],
      ),
    get: (workspaceId, pluginId, version) =>
      one(
        `SELECT ${COLUMNS} FROM plugin_configs WHERE workspace_id = $1 AND plugin_id = $2 AND version = $3`,
        [workspaceId, pluginId, version],
      ),
    async list(workspaceId, pluginId) {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM plugin_configs WHERE workspace_id = $1 AND plugin_id = $2 ORDER BY version DESC`,
        [workspaceId, pluginId],
      )
      return rows.map(versionOf)
    },
    async lastVersion(workspaceId, pluginId) {
      const { rows } = await db.query<{ last: number | null }>(
        'SELECT max(version) AS last FROM plugin_configs WHERE workspace_id = $1 AND plugin_id = $2',
        [workspaceId, pluginId],
      )
      return Number(rows[0]?.last ?? 0)
    },
    async add(version) {
      try {
        await db.query(
          `INSERT INTO plugin_configs (${COLUMNS})
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
          [
            version.workspaceId,
            version.pluginId,
            version.version,
            version.status,
            jsonParam(version.values),
            jsonParam(version.sealed),
            jsonParam(version.changes),
            version.actor,
            version.at,
            version.reason,
            version.taskId,
          ],
        )
        return true
      } catch (error) {
        if (sqlStateOf(error) === UNIQUE_VIOLATION) return false
        throw error
      }
    },
    async setStatus(workspaceId, pluginId, version, patch) {
      await db.query(
        `UPDATE plugin_configs SET status = $4, task_id = COALESCE($5, task_id)
         WHERE workspace_id = $1 AND plugin_id = $2 AND version = $3`,
        [workspaceId, pluginId, version, patch.status, patch.taskId ?? null],
      )
    },
    async removeAll(workspaceId, pluginId) {
      await db.query('DELETE FROM plugin_configs WHERE workspace_id = $1 AND plugin_id = $2', [
        workspaceId,
        pluginId,
      ])
    },
    async saveModules(workspaceId, pluginId, version, modules) {
      await db.query(
        `INSERT INTO plugin_manifests (workspace_id, plugin_id, version, modules) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (workspace_id, plugin_id, version) DO UPDATE SET modules = EXCLUDED.modules`,
        [workspaceId, pluginId, version, jsonParam(modules)],
      )
    },
    async modulesOf(workspaceId, pluginId, version) {
      const { rows } = await db.query<Row>(
        'SELECT modules FROM plugin_manifests WHERE workspace_id = $1 AND plugin_id = $2 AND version = $3',
        [workspaceId, pluginId, version],
      )
      return rows[0] ? (rows[0].modules as ManifestModule[]) : null
    },
  }
}
