import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import type { Db } from './db.ts'
import { isoOf, isoOrNull, jsonParam } from './sql-values.ts'

export const TASK_COLUMNS =
  'workspace_id, id, kind, status, cancel_requested, actor, succeeded, failed, cancelled, total, created_at, updated_at, finished_at'
const ITEM_COLUMNS =
  'task_id, id, position, plugin_id, plugin_ref, plugin_name, version, status, step, progress, message, error, params, started_at, finished_at'

type Row = Record<string, unknown>

function itemFromRow(row: Row): TaskItem {
  const item: TaskItem = {
    id: row.id as string,
    pluginId: row.plugin_id as string,
    pluginRef: row.plugin_ref as string,
    pluginName: row.plugin_name as string,
    version: (row.version as string | null) ?? null,
    status: row.status as TaskItem['status'],
    step: (row.step as string | null) ?? null,
    progress: Number(row.progress),
    message: (row.message as string | null) ?? null,
    error: (row.error as TaskItem['error']) ?? null,
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  }
  if (row.params !== null && row.params !== undefined) item.params = row.params as TaskItem['params']
  // Cluster mode claims every item; a single server (PGlite) never does, and shows no node.
  if (typeof row.claimed_by === 'string') item.node = row.claimed_by
  return item
}

function taskFromRow(row: Row, items: TaskItem[]): Task {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    kind: row.kind as Task['kind'],
    status: row.status as Task['status'],
    items,
    counts: {
      succeeded: Number(row.succeeded),
      failed: Number(row.failed),
      cancelled: Number(row.cancelled),
      total: Number(row.total),
    },
    cancelRequested: Boolean(row.cancel_requested),
    actor: row.actor as string,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
    finishedAt: isoOrNull(row.finished_at),
  }
}

/** Attaches the items of the given task rows (one query for all of them), keeping the rows' order. */
export async function tasksWithItems(db: Db, taskRows: Row[]): Promise<Task[]> {
  if (taskRows.length === 0) return []
  const keys = taskRows.map((row) => [row.workspace_id, row.id])
  const { rows } = await db.query<Row>(
    `SELECT i.workspace_id, ${ITEM_COLUMNS}, i.claimed_by FROM task_items i
     JOIN jsonb_to_recordset($1::jsonb) AS k(ws text, task text) ON i.workspace_id = k.ws AND i.task_id = k.task
     ORDER BY i.position`,
    [JSON.stringify(keys.map(([ws, task]) => ({ ws, task })))],
  )
  const byTask = new Map<string, TaskItem[]>()
  for (const row of rows) {
    const key = `${row.workspace_id}\u0000${row.task_id}`
    const list = byTask.get(key) ?? []
    list.push(itemFromRow(row))
    byTask.set(key, list)
  }
  return taskRows.map((row) => taskFromRow(row, byTask.get(`${row.workspace_id}\u0000${row.id}`) ?? []))
}

export async function insertTask(db: Db, task: Task): Promise<void> {
  await db.query(
    `INSERT INTO tasks (${TASK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      task.workspaceId,
      task.id,
      task.kind,
      task.status,
      task.cancelRequested,
      task.actor,
      task.counts.succeeded,
      task.counts.failed,
      task.counts.cancelled,
      task.counts.total,
      task.createdAt,
      task.updatedAt,
      task.finishedAt,
    ],
  )
  for (const [position, item] of task.items.entries()) {
    await db.query(
      `INSERT INTO task_items (workspace_id, ${ITEM_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15, $16)`,
      [task.workspaceId, task.id, ...itemValues(item, position)],
    )
  }
}

function itemValues(item: TaskItem, position: number): unknown[] {
  return [item.id, position, item.pluginId, ...itemState(item)]
}

/** The columns an item update rewrites, in `ITEM_COLUMNS` order (plugin_ref … finished_at). */
function itemState(item: TaskItem): unknown[] {
  return [
    item.pluginRef,
    item.pluginName,
    item.version,
    item.status,
    item.step,
    item.progress,
    item.message,
    jsonParam(item.error),
    jsonParam(item.params),
    item.startedAt,
    item.finishedAt,
  ]
}

/** Rewrites one item's mutable columns. */
export async function writeItem(db: Db, workspaceId: string, taskId: string, item: TaskItem): Promise<void> {
  await db.query(
    `UPDATE task_items SET plugin_ref = $4, plugin_name = $5, version = $6, status = $7, step = $8,
       progress = $9, message = $10, error = $11::jsonb, params = $12::jsonb, started_at = $13, finished_at = $14
     WHERE workspace_id = $1 AND task_id = $2 AND id = $3`,
    [workspaceId, taskId, item.id, ...itemState(item)],
  )
}

/** Rewrites the task's derived columns (status, counts, times, cancel flag). */
export async function writeTaskHead(db: Db, task: Task): Promise<void> {
  await db.query(
    `UPDATE tasks SET status = $3, cancel_requested = $4, succeeded = $5, failed = $6, cancelled = $7,
       total = $8, updated_at = $9, finished_at = $10
     WHERE workspace_id = $1 AND id = $2`,
    [
      task.workspaceId,
      task.id,
      task.status,
      task.cancelRequested,
      task.counts.succeeded,
      task.counts.failed,
      task.counts.cancelled,
      task.counts.total,
      task.updatedAt,
      task.finishedAt,
    ],
  )
}
