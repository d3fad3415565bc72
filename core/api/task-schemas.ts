import { z } from 'zod'
import { TASK_STATUSES } from '../tasks/task-status.ts'
import { IdSchema, pageSchema, paginationQuery, TimestampSchema } from './common-schemas.ts'

export const TaskStatusSchema = z.enum(TASK_STATUSES)

export const TASK_KINDS = [
  'install',
  'upgrade',
  'enable',
  'disable',
  'restart',
  'uninstall',
  'approve',
  'reject',
  'configure',
  // A plugin in development takes its folder's current files, keeping its state (dev mode).
  'reload',
  // A system task: the plugins of a node that was lost start on the node that took them over.
  'failover',
] as const
export const TaskKindSchema = z.enum(TASK_KINDS)
export type TaskKind = z.infer<typeof TaskKindSchema>

/** Why an item failed: a stable code, a one-line message, and the full text (logs, stack) if any. */
export const TaskErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.string().nullable(),
})
export type TaskError = z.infer<typeof TaskErrorSchema>

/**
 * What an item needs beyond its plugin and version, persisted so a resumed item runs the same way:
 * `purge` of an uninstall, `reinstall` when an install reuses an `uninstalled` plugin's row,
 * `fromVersion` of an upgrade (shown in the panel), `configVersion` of a configure (the stored
 * version it applies; the values themselves never travel with a task).
 */
export const TaskItemParamsSchema = z.object({
  purge: z.boolean().optional(),
  reinstall: z.boolean().optional(),
  fromVersion: z.string().optional(),
  configVersion: z.number().int().min(1).optional(),
  /** The package could not be resolved when the task was created: the item fails with this. */
  unresolved: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type TaskItemParams = z.infer<typeof TaskItemParamsSchema>

/** One plugin's share of a task. */
export const TaskItemSchema = z.object({
  id: z.string(),
  pluginId: IdSchema,
  pluginRef: z.string(),
  pluginName: z.string(),
  version: z.string().nullable(),
  status: TaskStatusSchema,
  step: z.string().nullable(),
  progress: z.number().int().min(0).max(100),
  message: z.string().nullable(),
  error: TaskErrorSchema.nullable(),
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  params: TaskItemParamsSchema.optional(),
  /** Cluster mode: the node that claims the item (runs it, or ran it). Absent on a single server. */
  node: z.string().optional(),
})
export type TaskItem = z.infer<typeof TaskItemSchema>

export const TaskCountsSchema = z.object({
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  total: z.number().int(),
})

export const TaskSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  kind: TaskKindSchema,
  status: TaskStatusSchema,
  items: z.array(TaskItemSchema).min(1),
  counts: TaskCountsSchema,
  cancelRequested: z.boolean(),
  actor: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
})
export type Task = z.infer<typeof TaskSchema>

/** `?status=` takes a task status, or `active` / `terminal` for either group. */
export const TaskListQuerySchema = paginationQuery(50, 100).extend({
  status: z.enum([...TASK_STATUSES, 'active', 'terminal']).optional(),
})
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>

/**
 * An item's error as a list carries it: the code and the one-line message, and whether the task's
 * own answer (`GET …/tasks/:taskId`) has a full text (logs, stack) to show on demand.
 */
export const TaskErrorSummarySchema = TaskErrorSchema.omit({ detail: true }).extend({
  hasDetail: z.boolean(),
})
/** An item as a list carries it: what the task panel shows, without its error's full text or its times. */
export const TaskItemSummarySchema = TaskItemSchema.omit({ startedAt: true, finishedAt: true }).extend({
  error: TaskErrorSummarySchema.nullable(),
})
export type TaskItemSummary = z.infer<typeof TaskItemSummarySchema>
/** A task as a list carries it: its items as summaries. */
export const TaskSummarySchema = TaskSchema.extend({ items: z.array(TaskItemSummarySchema).min(1) })
export type TaskSummary = z.infer<typeof TaskSummarySchema>

/** What reads a task in either form: its items' errors as code and message. */
export type TaskItemBase = Omit<TaskItem, 'error' | 'startedAt' | 'finishedAt'> & {
  error: Pick<TaskError, 'code' | 'message'> | null
}
export type TaskBase = Omit<Task, 'items'> & { items: TaskItemBase[] }

/** A page of whole tasks, as the store reads it. */
export type TaskPage = Omit<TaskList, 'items'> & { items: Task[] }

/** A page of task summaries, newest first, plus how many tasks are active in the whole workspace. */
export const TaskListSchema = pageSchema(TaskSummarySchema).extend({ activeCount: z.number().int().min(0) })
export type TaskList = z.infer<typeof TaskListSchema>

/** Every endpoint that starts work answers `202 { task }`. */
export const TaskResponseSchema = z.object({ task: TaskSchema })
export type TaskResponse = z.infer<typeof TaskResponseSchema>

export const ClearTasksResponseSchema = z.object({ cleared: z.number().int().min(0) })
export type ClearTasksResponse = z.infer<typeof ClearTasksResponseSchema>
