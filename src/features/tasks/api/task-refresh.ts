import type { TaskItemSummary, TaskKind, TaskList } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'

/** A task item that ended (success, failed or cancelled) between two snapshots of the task list. */
export interface EndedItem {
  taskId: string
  kind: TaskKind
  item: TaskItemSummary
}

/**
 * Items that are terminal in `next` and were active (or absent) in `previous`. Diffed by item, not
 * by task status: each item of a bundle ends on its own. With no previous snapshot (the first load)
 * nothing is new: those items ended before this page was open and what it fetched is already fresh.
 */
export function newlyEndedItems(previous: TaskList | undefined, next: TaskList | undefined): EndedItem[] {
  if (!previous || !next) return []
  const before = new Map<string, TaskItemSummary['status']>()
  for (const task of previous.items) {
    for (const item of task.items) before.set(`${task.id}:${item.id}`, item.status)
  }
  const ended: EndedItem[] = []
  for (const task of next.items) {
    for (const item of task.items) {
      const was = before.get(`${task.id}:${item.id}`)
      if (isTerminal(item.status) && (was === undefined || !isTerminal(was))) {
        ended.push({ taskId: task.id, kind: task.kind, item })
      }
    }
  }
  return ended
}

/** The install steps that run the plugin's worker: a failure there leaves the plugin in `error`. */
const WORKER_STEPS = new Set(['start', 'load'])

/**
 * Whether an ended item left no plugin behind: a fresh install (not a reinstall) that was cancelled
 * or failed before its worker started has its row deleted by the server (docs/lifecycle.md). Every
 * other ending leaves a plugin whose status, health or version changed.
 */
export function leftNothingBehind({ kind, item }: EndedItem): boolean {
  if (kind !== 'install' || item.params?.reinstall || item.status === 'success') return false
  return item.status === 'cancelled' || !WORKER_STEPS.has(item.step ?? '')
}

/**
 * The plugins whose row, card and page must be fetched again after a new snapshot: every plugin
 * of an item that ended, except one that left nothing behind and that no cached page shows
 * (`shown`): its row was never seen, so there is nothing stale to replace.
 */
export function pluginsToRefresh(
  previous: TaskList | undefined,
  next: TaskList | undefined,
  shown: (pluginId: string) => boolean,
): string[] {
  const ids = new Set<string>()
  for (const ended of newlyEndedItems(previous, next)) {
    if (!leftNothingBehind(ended) || shown(ended.item.pluginId)) ids.add(ended.item.pluginId)
  }
  return [...ids]
}
