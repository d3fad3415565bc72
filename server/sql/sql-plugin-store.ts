import type { Plugin, PluginEvent, PluginListQuery } from '#core/api/plugin-schemas.ts'
import type { PlacementFence, Store } from '#server/app/ports.ts'
import type { Db } from './db.ts'
import { listVersion } from './list-version-sql.ts'
import { pluginListSql } from './plugin-list-sql.ts'
import { PLUGIN_COLUMNS, pluginFromRow, pluginSetClause } from './plugin-rows.ts'
import { isoOf, Params } from './sql-values.ts'

type Row = Record<string, unknown>
export type PluginMethods = Pick<
  Store,
  | 'listPlugins'
  | 'pluginsVersion'
  | 'getPlugin'
  | 'findPluginByRef'
  | 'updatePlugin'
  | 'transitionPlugin'
  | 'deletePlugin'
  | 'listEvents'
  | 'appendEvent'
>

const EVENT_COLUMNS = 'id::text AS id, workspace_id, plugin_id, from_status, to_status, actor, reason, at'

function eventFromRow(row: Row): PluginEvent {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    pluginId: row.plugin_id as string,
    from: (row.from_status as PluginEvent['from']) ?? null,
    to: row.to_status as PluginEvent['to'],
    actor: row.actor as string,
    reason: row.reason as string,
    at: isoOf(row.at),
  }
}

/** Creates the workspace row on first use (accounts and workspace management come later). */
export async function ensureWorkspace(db: Db, workspaceId: string): Promise<void> {
  await db.query('INSERT INTO workspaces (id) VALUES ($1) ON CONFLICT DO NOTHING', [workspaceId])
}

export async function insertEvent(db: Db, event: Omit<PluginEvent, 'id'>): Promise<PluginEvent> {
  await ensureWorkspace(db, event.workspaceId)
  const { rows } = await db.query<Row>(
    `INSERT INTO events (workspace_id, plugin_id, from_status, to_status, actor, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${EVENT_COLUMNS}`,
    [event.workspaceId, event.pluginId, event.from, event.to, event.actor, event.reason, event.at],
  )
  return eventFromRow(rows[0] as Row)
}

/**
 * The fence of a runtime write in cluster mode, in the write's own WHERE: the plugin is placed on
 * the node, and that node's row still holds this incarnation with a live state. A node declared
 * lost (the reaper moved its plugins and marked it `lost`) or started again since matches nothing.
 */
function placementFence(params: Params, placedOn: PlacementFence | undefined): string {
  if (!placedOn) return ''
  const node = params.add(placedOn.nodeId)
  const epoch = params.add(placedOn.epoch)
  return ` AND node_id = ${node} AND EXISTS (SELECT 1 FROM nodes n
     WHERE n.id = ${node} AND n.epoch = ${epoch} AND n.state IN ('active', 'draining'))`
}

/**
 * How far a search's matches are counted: past it the page says "1,000+" (a count of every match
 * of a broad search at 100,000 plugins reads most of the table; see docs/decisions/0007-read-path.md).
 */
export const SEARCH_COUNT_CAP = 1_000

/** Deltas per workspace beyond which a count folds them into one row per key. */
const FOLD_AFTER = 200

/**
 * The list's total without a search: the sum of the deltas the plugins trigger appends
 * (migration 0003). When they pile up, they are folded: deleted and written back as sums in one
 * statement, which a concurrent fold cannot count twice (a deleted row is deleted once).
 */
async function countFromDeltas(db: Db, workspaceId: string, query: PluginListQuery): Promise<number> {
  const { rows } = await db.query<{ total: string | null; deltas: number }>(
    `SELECT sum(delta) FILTER (WHERE category = $2 AND ${query.status ? 'status = $3' : `status <> 'uninstalled'`})::text AS total,
            count(*)::int AS deltas
     FROM plugin_count_deltas WHERE workspace_id = $1`,
    query.status ? [workspaceId, query.category ?? '', query.status] : [workspaceId, query.category ?? ''],
  )
  if ((rows[0]?.deltas ?? 0) > FOLD_AFTER) {
    void db
      .query(
        `WITH gone AS (DELETE FROM plugin_count_deltas WHERE workspace_id = $1 RETURNING status, category, delta)
         INSERT INTO plugin_count_deltas (workspace_id, status, category, delta)
         SELECT $1, status, category, sum(delta) FROM gone GROUP BY status, category HAVING sum(delta) <> 0`,
        [workspaceId],
      )
      .catch(() => {}) // the next count tries again
  }
  return Number(rows[0]?.total ?? 0)
}

/** The plugin half of the Store: every write is one statement or one transaction. */
export function createSqlPluginMethods(db: Db, now: () => Date): PluginMethods {
  const one = async (sql: string, params: readonly unknown[]) => {
    const { rows } = await db.query<Row>(sql, params)
    return rows[0] ? pluginFromRow(rows[0]) : null
  }

  return {
    async listPlugins(workspaceId, query) {
      const { where, orderBy, params } = pluginListSql(workspaceId, query)
      const page = new Params(params.values)
      const limit = `LIMIT ${page.add(query.pageSize)} OFFSET ${page.add((query.page - 1) * query.pageSize)}`
      if (!query.q) {
        // Without a search the page comes off an index and the total off the count deltas.
        const [total, { rows }] = await Promise.all([
          countFromDeltas(db, workspaceId, query),
          db.query<Row>(
            `SELECT ${PLUGIN_COLUMNS} FROM plugins WHERE ${where} ORDER BY ${orderBy} ${limit}`,
            page.values,
          ),
        ])
        return { items: rows.map(pluginFromRow), total, page: query.page, pageSize: query.pageSize }
      }
      // A search: the page on its own (a broad match comes off the sort's index, a narrow one off
      // the trigram index). A page that is not full ends the matches: its total needs no count.
      const offset = (query.page - 1) * query.pageSize
      const { rows } = await db.query<Row>(
        `SELECT ${PLUGIN_COLUMNS} FROM plugins WHERE ${where} ORDER BY ${orderBy} ${limit}`,
        page.values,
      )
      const items = rows.map(pluginFromRow)
      const result = { items, page: query.page, pageSize: query.pageSize }
      if (rows.length > 0 && rows.length < query.pageSize) return { ...result, total: offset + rows.length }
      // Otherwise the matches are counted, only up to a cap that reaches past this page.
      const cap = Math.max(SEARCH_COUNT_CAP, offset + query.pageSize)
      const counted = new Params(params.values)
      const { rows: count } = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM (SELECT 1 FROM plugins WHERE ${where} LIMIT ${counted.add(cap + 1)}) AS matches`,
        counted.values,
      )
      const total = count[0]?.total ?? 0
      return total > cap ? { ...result, total: cap, totalCapped: true } : { ...result, total }
    },
    pluginsVersion(workspaceId) {
      // Every write that a reader could see changes a row's revision, status, claim or time.
      return listVersion(db, workspaceId, 'plugins')
    },
    getPlugin(workspaceId, id) {
      return one(`SELECT ${PLUGIN_COLUMNS} FROM plugins WHERE workspace_id = $1 AND id = $2`, [
        workspaceId,
        id,
      ])
    },
    findPluginByRef(workspaceId, pluginRef) {
      return one(`SELECT ${PLUGIN_COLUMNS} FROM plugins WHERE workspace_id = $1 AND plugin_ref = $2`, [
        workspaceId,
        pluginRef,
      ])
    },
    updatePlugin(workspaceId, id, patch, placedOn) {
      const params = new Params([workspaceId, id])
      const sets = pluginSetClause(params, patch, ['updatedAt'])
      sets.push('revision = revision + 1', `updated_at = ${params.add(now().toISOString())}`)
      return one(
        `UPDATE plugins SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2${placementFence(params, placedOn)}
         RETURNING ${PLUGIN_COLUMNS}`,
        params.values,
      )
    },
    transitionPlugin(workspaceId, id, transition) {
      return db.transaction(async (tx) => {
        const at = transition.at.toISOString()
        const params = new Params([workspaceId, id, transition.from])
        const sets = pluginSetClause(params, transition.patch as Partial<Plugin>, ['updatedAt'])
        sets.push(`status = ${params.add(transition.to)}`, 'revision = revision + 1')
        sets.push(`updated_at = ${params.add(at)}`)
        // The compare-and-set: only a plugin still in `from` moves; a lost race returns no row.
        const { rows } = await tx.query<Row>(
          `UPDATE plugins SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 AND status = $3
             ${placementFence(params, transition.placedOn)}
           RETURNING ${PLUGIN_COLUMNS}`,
          params.values,
        )
        if (!rows[0]) return null
        await insertEvent(tx, {
          workspaceId,
          pluginId: id,
          from: transition.from,
          to: transition.to,
          actor: transition.actor,
          reason: transition.reason,
          at,
        })
        return pluginFromRow(rows[0])
      })
    },
    async deletePlugin(workspaceId, id) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM events WHERE workspace_id = $1 AND plugin_id = $2', [workspaceId, id])
        await tx.query('DELETE FROM plugins WHERE workspace_id = $1 AND id = $2', [workspaceId, id])
      })
    },
    async listEvents(workspaceId, pluginId, page, pageSize) {
      const [count, list] = await Promise.all([
        db.query<{ total: number }>(
          'SELECT count(*)::int AS total FROM events WHERE workspace_id = $1 AND plugin_id = $2',
          [workspaceId, pluginId],
        ),
        db.query<Row>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE workspace_id = $1 AND plugin_id = $2
           ORDER BY at DESC, events.id DESC LIMIT $3 OFFSET $4`,
          [workspaceId, pluginId, pageSize, (page - 1) * pageSize],
        ),
      ])
      return { items: list.rows.map(eventFromRow), total: count.rows[0]?.total ?? 0, page, pageSize }
    },
    appendEvent(event) {
      return insertEvent(db, event)
    },
  }
}
