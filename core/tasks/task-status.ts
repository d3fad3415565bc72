/** Task and task-item statuses (docs/task-pipeline.md). Plain constants so the SPA can use them without zod. */
export const TASK_STATUSES = ['pending', 'running', 'success', 'failed', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

const TERMINAL = new Set<TaskStatus>(['success', 'failed', 'cancelled'])

/** Terminal statuses never change again. */
export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.has(status)
}

/** Everything that is not terminal is active. */
export function isActive(status: TaskStatus): boolean {
  return !TERMINAL.has(status)
}

export interface TaskCounts {
  succeeded: number
  failed: number
  cancelled: number
  total: number
}

/** Counts of finished items by outcome. */
export function countItems(items: readonly { status: TaskStatus }[]): TaskCounts {
  const counts: TaskCounts = { succeeded: 0, failed: 0, cancelled: 0, total: items.length }
  for (const item of items) {
    if (item.status === 'success') counts.succeeded++
    else if (item.status === 'failed') counts.failed++
    else if (item.status === 'cancelled') counts.cancelled++
  }
  return counts
}

/**
 * A task's status follows from its items: active while any item is active (`pending` until one
 * starts); once all are terminal, `success` if all succeeded, `cancelled` if the task was
 * cancelled, otherwise `failed`.
 */
export function deriveTaskStatus(
  items: readonly { status: TaskStatus }[],
  cancelRequested: boolean,
): TaskStatus {
  if (items.some((item) => isActive(item.status))) {
    return items.every((item) => item.status === 'pending') ? 'pending' : 'running'
  }
  if (items.length > 0 && items.every((item) => item.status === 'success')) return 'success'
  return cancelRequested ? 'cancelled' : 'failed'
}
