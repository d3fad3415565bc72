import type { TaskItem, TaskList } from '#core/api/task-schemas.ts'

/** A task item that became `success` between two snapshots of the task list. */
export interface SucceededItem {
  taskId: string
  item: TaskItem
}

/**
 * Items whose status is `success` in `next` and was not `success` (or was absent) in `previous`.
 * Diffed by item, not by task status: a bundle where one of two items failed still refreshes for
 * the one that succeeded. With no previous snapshot (the first load) nothing is new: those
 * successes happened before this page was open and the data fetched with them is already fresh.
 */
export function newlySucceededItems(
  previous: TaskList | undefined,
  next: TaskList | undefined,
): SucceededItem[] {
  if (!previous || !next) return []
  const before = new Map<string, TaskItem['status']>()
  for (const task of previous.items) {
    for (const item of task.items) before.set(`${task.id}:${item.id}`, item.status)
  }
  const found: SucceededItem[] = []
  for (const task of next.items) {
    for (const item of task.items) {
      if (item.status === 'success' && before.get(`${task.id}:${item.id}`) !== 'success') {
        found.push({ taskId: task.id, item })
      }
    }
  }
  return found
}
