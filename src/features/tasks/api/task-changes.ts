import type { TaskBase, TaskKind, TaskList, TaskSummary } from '#core/api/task-schemas.ts'
import { isActive, isTerminal } from '#core/tasks/task-status.ts'

/** Tasks that were active in `previous` and are terminal in `next` (for toasts and announcements). */
export function newlyFinishedTasks(
  previous: TaskList | undefined,
  next: TaskList | undefined,
): TaskSummary[] {
  if (!previous || !next) return []
  const wasActive = new Set(previous.items.filter((task) => isActive(task.status)).map((task) => task.id))
  return next.items.filter((task) => wasActive.has(task.id) && isTerminal(task.status))
}

/** Tasks present in `next` that `previous` did not have (work started, possibly in another tab). */
export function newlyStartedTasks(previous: TaskList | undefined, next: TaskList | undefined): TaskSummary[] {
  if (!previous || !next) return []
  const known = new Set(previous.items.map((task) => task.id))
  return next.items.filter((task) => !known.has(task.id) && isActive(task.status))
}

const KIND_LABELS: Record<TaskKind, string> = {
  install: 'Install',
  upgrade: 'Upgrade',
  enable: 'Enable',
  disable: 'Disable',
  restart: 'Restart',
  reload: 'Reload',
  uninstall: 'Uninstall',
  approve: 'Approve upgrade of',
  reject: 'Reject upgrade of',
  configure: 'Configure',
  failover: 'Move to a live node:',
}

/** "Install Hello World", "Install 2 plugins". Plugin names are data: callers render them as text. */
export function taskTitle(task: TaskBase): string {
  const subject =
    task.items.length === 1 ? (task.items[0]?.pluginName ?? 'plugin') : `${task.items.length} plugins`
  return `${KIND_LABELS[task.kind]} ${subject}`
}

/** Average progress of the active items, 0–100, or null when nothing is active. */
export function activeProgress(tasks: readonly TaskSummary[]): number | null {
  const items = tasks.flatMap((task) => task.items.filter((item) => isActive(item.status)))
  if (items.length === 0) return null
  return Math.round(items.reduce((sum, item) => sum + item.progress, 0) / items.length)
}
