import type { Task, TaskListQuery } from '#core/api/task-schemas.ts'
import { countItems, deriveTaskStatus, isActive, isTerminal } from '#core/tasks/task-status.ts'
import type { TaskItemPatch } from '#server/app/ports.ts'

/** Tasks newest first: createdAt descending, then id descending as tie-break. */
export function newestFirst(a: Task, b: Task): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** `?status=` of the task list: one status, or the `active` / `terminal` group. */
export function matchesTaskFilter(task: Task, status: TaskListQuery['status']): boolean {
  if (!status) return true
  if (status === 'active') return isActive(task.status)
  if (status === 'terminal') return isTerminal(task.status)
  return task.status === status
}

/**
 * One item's patch and what follows from it: the task's status, counts and finishedAt are derived
 * again; `released` names the plugin whose claim ends because its item just became terminal.
 * A terminal item never changes again.
 */
export function applyItemPatch(
  task: Task,
  itemId: string,
  patch: TaskItemPatch,
  at: Date,
): { task: Task; released: string | null } {
  const item = task.items.find((candidate) => candidate.id === itemId)
  if (!item) throw new Error(`unknown task item ${itemId}`)
  if (isTerminal(item.status)) return { task, released: null }
  const updatedItem = { ...item, ...patch }
  const items = task.items.map((candidate) => (candidate.id === itemId ? updatedItem : candidate))
  const status = deriveTaskStatus(items, task.cancelRequested)
  const updated: Task = {
    ...task,
    items,
    status,
    counts: countItems(items),
    updatedAt: at.toISOString(),
    finishedAt: isTerminal(status) ? (task.finishedAt ?? at.toISOString()) : null,
  }
  return { task: updated, released: isTerminal(updatedItem.status) ? item.pluginId : null }
}
