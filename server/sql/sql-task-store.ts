import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { countItems, deriveTaskStatus, isTerminal } from '#core/tasks/task-status.ts'
import type { CreateTaskResult, PluginClaim, Store, TaskItemPatch } from '#server/app/ports.ts'
import { ClaimLost } from '#server/app/tasks/item-fence.ts'
import type { Db } from './db.ts'
import { listVersion } from './list-version-sql.ts'
import { pluginInsertValues, pluginSetClause } from './plugin-rows.ts'
import { ensureWorkspace, type PluginMethods } from './sql-plugin-store.ts'
import { Params } from './sql-values.ts'
import { insertTask, TASK_COLUMNS, tasksWithItems, writeItem, writeTaskHead } from './task-rows.ts'

type Row = Record<string, unknown>
type TaskMethods = Omit<Store, keyof PluginMethods>

const ACTIVE = `('pending', 'running')`
const TERMINAL = `('success', 'failed', 'cancelled')`

/** Thrown inside the createTask transaction to roll every claim back. */
class ClaimRefused extends Error {
  readonly result: CreateTaskResult
  constructor(result: CreateTaskResult) {
    super(result.ok ? 'claimed' : result.code)
    this.result = result
  }
}

/** Why a claim could not be taken, read after the conditional write touched no row. */
async function refusal(tx: Db, workspaceId: string, claim: PluginClaim): Promise<CreateTaskResult> {
  const { rows } = claim.create
    ? await tx.query<{ id: string; active_task_id: string | null }>(
        'SELECT id, active_task_id FROM plugins WHERE workspace_id = $1 AND (plugin_ref = $2 OR id = $3)',
        [workspaceId, claim.create.pluginId, claim.pluginId],
      )
    : await tx.query<{ id: string; active_task_id: string | null }>(
        'SELECT id, active_task_id FROM plugins WHERE workspace_id = $1 AND id = $2',
        [workspaceId, claim.pluginId],
      )
  const existing = rows[0]
  if (existing?.active_task_id) {
    return { ok: false, code: 'TASK_ALREADY_ACTIVE', pluginId: existing.id, taskId: existing.active_task_id }
  }
  return { ok: false, code: 'CONFLICT', pluginId: existing?.id ?? claim.pluginId }
}

/** Takes one claim with one conditional write; true when this task now owns the plugin. */
async function takeClaim(tx: Db, task: Task, claim: PluginClaim): Promise<boolean> {
  if (claim.create) {
    const params = new Params()
    const row: Plugin = { ...claim.create, ...claim.patch, id: claim.pluginId, activeTaskId: task.id }
    // A concurrent install of the same org/name waits here for the other transaction, then inserts nothing.
    const { rows } = await tx.query(
      `INSERT INTO plugins ${pluginInsertValues(params, row)} ON CONFLICT DO NOTHING RETURNING id`,
      params.values,
    )
    return rows.length === 1
  }
  const params = new Params([task.workspaceId, claim.pluginId])
  const sets = pluginSetClause(params, claim.patch, ['id', 'workspaceId', 'activeTaskId'])
  sets.push(`active_task_id = ${params.add(task.id)}`)
  const expect = claim.expectStatus ? ` AND status = ${params.add(claim.expectStatus)}` : ''
  const { rows } = await tx.query(
    `UPDATE plugins SET ${sets.join(', ')}
     WHERE workspace_id = $1 AND id = $2 AND active_task_id IS NULL${expect} RETURNING id`,
    params.values,
  )
  return rows.length === 1
}

/** The node incarnation a store writes for (cluster mode); null while it holds no lease. */
export type ItemClaimer = () => { nodeId: string; epoch: number } | null

/**
 * The claim fence of one item write. A running item is written only by the incarnation that holds
 * its claim; a pending item is started (set running) only by its claimer or, unclaimed, by anyone,
 * and starting it takes the claim. Other writes of a pending item (a cancel from any node) pass.
 */
async function checkClaim(
  tx: Db,
  key: { workspaceId: string; taskId: string; itemId: string },
  status: Task['status'],
  patch: TaskItemPatch,
  me: { nodeId: string; epoch: number } | null,
): Promise<void> {
  const { rows } = await tx.query<{ claimed_by: string | null; claim_epoch: string | number | null }>(
    'SELECT claimed_by, claim_epoch FROM task_items WHERE workspace_id = $1 AND task_id = $2 AND id = $3',
    [key.workspaceId, key.taskId, key.itemId],
  )
  const claim = rows[0]
  const mine = me !== null && claim?.claimed_by === me.nodeId && Number(claim.claim_epoch) === me.epoch
  const unclaimed = claim?.claimed_by == null
  if (status === 'running' && !mine) throw new ClaimLost(key.itemId)
  if (status === 'pending' && patch.status === 'running') {
    if (!mine && !unclaimed) throw new ClaimLost(key.itemId)
    if (me === null) throw new ClaimLost(key.itemId)
    await tx.query(
      'UPDATE task_items SET claimed_by = $4, claim_epoch = $5 WHERE workspace_id = $1 AND task_id = $2 AND id = $3',
      [key.workspaceId, key.taskId, key.itemId, me.nodeId, me.epoch],
    )
  }
}

/**
 * Cluster mode: an item runs on the node that claims it, so once it ended the plugin's worker, if
 * the plugin is one that runs, is on this node; otherwise no node runs it. Either way this node is
 * the plugin's home now (its data folder is here). Written with the item's end, in its transaction.
 */
const RUNS_HERE = `(CASE WHEN status IN ('ready', 'upgrade_pending') THEN $3::text END)`

async function placeAfterItem(tx: Db, workspaceId: string, pluginId: string, nodeId: string): Promise<void> {
  await tx.query(
    `UPDATE plugins SET home_node = $3,
       node_id = ${RUNS_HERE},
       placement_epoch = placement_epoch + CASE WHEN node_id IS DISTINCT FROM ${RUNS_HERE} THEN 1 ELSE 0 END
     WHERE workspace_id = $1 AND id = $2
       AND (node_id IS DISTINCT FROM ${RUNS_HERE} OR home_node IS DISTINCT FROM $3)`,
    [workspaceId, pluginId, nodeId],
  )
}

/** The task half of the Store. */
export function createSqlTaskMethods(db: Db, now: () => Date, claimer?: ItemClaimer): TaskMethods {
  const loadTask = async (tx: Db, workspaceId: string, taskId: string, lock = false) => {
    const { rows } = await tx.query<Row>(
      `SELECT ${TASK_COLUMNS} FROM tasks WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [workspaceId, taskId],
    )
    return (await tasksWithItems(tx, rows))[0] ?? null
  }

  return {
    async createTask(task, claims) {
      try {
        return await db.transaction(async (tx) => {
          await ensureWorkspace(tx, task.workspaceId)
          for (const claim of claims) {
            if (!(await takeClaim(tx, task, claim))) {
              throw new ClaimRefused(await refusal(tx, task.workspaceId, claim))
            }
          }
          await insertTask(tx, task)
          const me = claimer?.()
          if (me) {
            // An item of a plugin whose worker runs on a live node is that node's to run (it picks
            // it up from here; a draining node stops the worker, then hands the item on). A plugin
            // no node runs goes back to the active node that ran it last, where its data is; any
            // other item is queued on the node that took the request.
            await tx.query(
              `UPDATE task_items i SET claimed_by = COALESCE(n.id, h.id, $3), claim_epoch = COALESCE(n.epoch, h.epoch, $4)
               FROM plugins p LEFT JOIN nodes n ON n.id = p.node_id AND n.state IN ('active', 'draining')
                 LEFT JOIN nodes h ON p.node_id IS NULL AND h.id = p.home_node AND h.state = 'active'
               WHERE i.workspace_id = $1 AND i.task_id = $2
                 AND p.workspace_id = i.workspace_id AND p.id = i.plugin_id`,
              [task.workspaceId, task.id, me.nodeId, me.epoch],
            )
          }
          return { ok: true, task } as const
        })
      } catch (error) {
        if (error instanceof ClaimRefused) return error.result
        throw error
      }
    },
    getTask(workspaceId, taskId) {
      return loadTask(db, workspaceId, taskId)
    },
    async listTasks(workspaceId, query) {
      const params = new Params([workspaceId])
      const filter =
        query.status === 'active'
          ? ` AND status IN ${ACTIVE}`
          : query.status === 'terminal'
            ? ` AND status IN ${TERMINAL}`
            : query.status
              ? ` AND status = ${params.add(query.status)}`
              : ''
      const counts = await db.query<{ total: number; active: number }>(
        `SELECT count(*) FILTER (WHERE true${filter})::int AS total,
                count(*) FILTER (WHERE status IN ${ACTIVE})::int AS active
         FROM tasks WHERE workspace_id = $1`,
        params.values,
      )
      const page = new Params(params.values)
      const { rows } = await db.query<Row>(
        `SELECT ${TASK_COLUMNS} FROM tasks WHERE workspace_id = $1${filter}
         ORDER BY created_at DESC, id COLLATE "C" DESC
         LIMIT ${page.add(query.pageSize)} OFFSET ${page.add((query.page - 1) * query.pageSize)}`,
        page.values,
      )
      return {
        items: await tasksWithItems(db, rows),
        total: counts.rows[0]?.total ?? 0,
        page: query.page,
        pageSize: query.pageSize,
        activeCount: counts.rows[0]?.active ?? 0,
      }
    },
    tasksVersion(workspaceId) {
      // Every task write sets updated_at; the hash also sees a delete paired with a create.
      return listVersion(db, workspaceId, 'tasks')
    },
    updateTaskItem(workspaceId, taskId, itemId, patch) {
      return db.transaction(async (tx) => {
        // FOR UPDATE: concurrent updates of one task's items derive its status one after another.
        const task = await loadTask(tx, workspaceId, taskId, true)
        if (!task) throw new Error(`unknown task ${taskId}`)
        const item = task.items.find((candidate) => candidate.id === itemId)
        if (!item) throw new Error(`unknown task item ${itemId}`)
        // A terminal item never changes again.
        if (isTerminal(item.status)) return task
        if (claimer) {
          const key = { workspaceId, taskId, itemId }
          await checkClaim(tx, key, item.status, patch, claimer())
        }
        const updatedItem = { ...item, ...patch }
        const items = task.items.map((candidate) => (candidate.id === itemId ? updatedItem : candidate))
        const status = deriveTaskStatus(items, task.cancelRequested)
        const at = now().toISOString()
        const updated: Task = {
          ...task,
          items,
          status,
          counts: countItems(items),
          updatedAt: at,
          finishedAt: isTerminal(status) ? (task.finishedAt ?? at) : null,
        }
        await writeItem(tx, workspaceId, taskId, updatedItem)
        await writeTaskHead(tx, updated)
        if (isTerminal(updatedItem.status)) {
          await tx.query(
            'UPDATE plugins SET active_task_id = NULL WHERE workspace_id = $1 AND id = $2 AND active_task_id = $3',
            [workspaceId, item.pluginId, taskId],
          )
          const me = claimer?.()
          if (me) await placeAfterItem(tx, workspaceId, item.pluginId, me.nodeId)
        }
        return updated
      })
    },
    requestCancel(workspaceId, taskId) {
      return db.transaction(async (tx) => {
        await tx.query(
          `UPDATE tasks SET cancel_requested = true, updated_at = $3
           WHERE workspace_id = $1 AND id = $2 AND status IN ${ACTIVE}`,
          [workspaceId, taskId, now().toISOString()],
        )
        return loadTask(tx, workspaceId, taskId)
      })
    },
    async deleteTask(workspaceId, taskId) {
      const { rows } = await db.query<{ deleted: boolean }>(
        `WITH gone AS (DELETE FROM tasks WHERE workspace_id = $1 AND id = $2 AND status IN ${TERMINAL} RETURNING id)
         SELECT EXISTS (SELECT 1 FROM gone) AS deleted,
                EXISTS (SELECT 1 FROM tasks WHERE workspace_id = $1 AND id = $2) AS found`,
        [workspaceId, taskId],
      )
      const row = rows[0] as { deleted: boolean; found: boolean } | undefined
      return row?.deleted ? 'deleted' : row?.found ? 'active' : 'not_found'
    },
    async clearTerminalTasks(workspaceId) {
      const { rows } = await db.query<{ cleared: number }>(
        `WITH gone AS (DELETE FROM tasks WHERE workspace_id = $1 AND status IN ${TERMINAL} RETURNING 1)
         SELECT count(*)::int AS cleared FROM gone`,
        [workspaceId],
      )
      return rows[0]?.cleared ?? 0
    },
    async listActiveTasks() {
      const { rows } = await db.query<Row>(
        `SELECT ${TASK_COLUMNS} FROM tasks WHERE status IN ${ACTIVE} ORDER BY created_at, id COLLATE "C"`,
      )
      return tasksWithItems(db, rows)
    },
    async purgeTerminalTasks(before) {
      const { rows } = await db.query<{ purged: number }>(
        `WITH gone AS (DELETE FROM tasks WHERE status IN ${TERMINAL} AND finished_at < $1 RETURNING 1)
         SELECT count(*)::int AS purged FROM gone`,
        [before.toISOString()],
      )
      return rows[0]?.purged ?? 0
    },
  }
}
