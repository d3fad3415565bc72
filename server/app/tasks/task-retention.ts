import type { AppDeps } from '#server/app/ports.ts'

/** Terminal tasks are kept this long after they finish (docs/task-pipeline.md), unless cleared before. */
export const TASK_RETENTION_DAYS = 30
const DAY_MS = 86_400_000

/** Deletes the terminal tasks that finished more than the retention period ago. */
export function purgeOldTasks(deps: AppDeps): Promise<number> {
  return deps.store.purgeTerminalTasks(new Date(deps.clock.now().getTime() - TASK_RETENTION_DAYS * DAY_MS))
}

/**
 * Purges now and then once a day on the deps' Clock, until `signal` aborts. A failed purge is
 * reported and retried the next day; it never stops the loop.
 */
export async function runTaskRetention(
  deps: AppDeps,
  signal: AbortSignal,
  onPurge: (result: { purged: number } | { error: unknown }) => void = () => {},
): Promise<void> {
  while (!signal.aborted) {
    try {
      onPurge({ purged: await purgeOldTasks(deps) })
    } catch (error) {
      onPurge({ error })
    }
    try {
      await deps.clock.sleep(DAY_MS, signal)
    } catch {
      return
    }
  }
}
