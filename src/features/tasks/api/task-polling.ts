import type { TaskList } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'

/** How often the task list is polled while work is running (docs/task-pipeline.md). */
export const TASK_POLL_MS = 5_000

/**
 * The polling rule of the product: poll every 5 s while any task or item is active (or the server
 * counts active tasks beyond this page), stop once everything is terminal. Pure, so it is tested by table.
 */
export function taskPollInterval(list: TaskList | undefined): number | false {
  if (!list) return false
  if (list.activeCount > 0) return TASK_POLL_MS
  const active = list.items.some(
    (task) => isActive(task.status) || task.items.some((item) => isActive(item.status)),
  )
  return active ? TASK_POLL_MS : false
}
