import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import type { UpdatePolicyStore } from '#server/app/sources/source-ports.ts'
import type { Db } from './db.ts'

type Row = Record<string, unknown>

/** Update policies and pins in SQL (`update_policies`, `plugin_pins`). */
export function createSqlUpdatePolicies(db: Db): UpdatePolicyStore {
  return {
    async get(workspaceId) {
      const { rows } = await db.query<Row>('SELECT * FROM update_policies WHERE workspace_id = $1', [
        workspaceId,
      ])
      const row = rows[0]
      if (!row) return { mode: 'manual', window: null }
      const window = row.maintenance_window
      return {
        mode: row.mode as UpdatePolicy['mode'],
        window: (typeof window === 'string' ? JSON.parse(window) : window) as UpdatePolicy['window'],
      }
    },
    async set(workspaceId, policy) {
      await db.query(
        `INSERT INTO update_policies (workspace_id, mode, maintenance_window) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (workspace_id) DO UPDATE SET mode = EXCLUDED.mode, maintenance_window = EXCLUDED.maintenance_window`,
        [workspaceId, policy.mode, policy.window ? JSON.stringify(policy.window) : null],
      )
    },
    async pins(workspaceId) {
      const { rows } = await db.query<Row>('SELECT plugin_id FROM plugin_pins WHERE workspace_id = $1', [
        workspaceId,
      ])
      return new Set(rows.map((row) => String(row.plugin_id)))
    },
    async setPinned(workspaceId, pluginId, pinned) {
      await db.query(
        pinned
          ? 'INSERT INTO plugin_pins (workspace_id, plugin_id) VALUES ($1, $2) ON CONFLICT DO NOTHING'
          : 'DELETE FROM plugin_pins WHERE workspace_id = $1 AND plugin_id = $2',
        [workspaceId, pluginId],
      )
    },
    async automatic() {
      const { rows } = await db.query<Row>(`SELECT workspace_id FROM update_policies WHERE mode <> 'manual'`)
      return rows.map((row) => String(row.workspace_id))
    },
  }
}
