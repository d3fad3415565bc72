import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { canTransition } from '#core/plugins/plugin-status.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { writePluginStatus } from '#server/app/services/plugin-status-writer.ts'
import { ERROR_WHEN_INTERRUPTED, recoveryOf } from './step-recovery.ts'

export interface RecoveryReport {
  /** Tasks whose remaining items were queued again. */
  resumed: number
  /** Items that ended `failed` with INTERRUPTED. */
  interrupted: number
}

export const INTERRUPTED_ACTOR = 'system'

export function interruptedMessage(step: string | null): string {
  return (
    `The server stopped while this step${step ? ` (${step})` : ''} was running; nothing was left half-done: ` +
    'the step was not repeated because it is not safe to run twice. Retry the operation to run it again.'
  )
}

/**
 * Makes the plugin consistent with an item that will never finish: a plugin that was being
 * installed or swapped to another version goes to `error` with the reason; others keep the status
 * they had before the step (the step's own transition never happened).
 */
async function settlePlugin(deps: AppDeps, task: Task, item: TaskItem, message: string): Promise<void> {
  if (!ERROR_WHEN_INTERRUPTED.has(task.kind)) return
  const plugin = await deps.store.getPlugin(task.workspaceId, item.pluginId)
  if (!plugin || plugin.status === 'error' || !canTransition(plugin.status, 'error')) return
  if (task.kind !== 'install' && plugin.status === 'ready' && plugin.version === item.version) return
  if (task.kind === 'install' && plugin.status !== 'installed') return
  await writePluginStatus(deps.store, task.workspaceId, plugin.id, {
    from: plugin.status,
    to: 'error',
    patch: { lastError: message, health: 'failed' },
    actor: INTERRUPTED_ACTOR,
    reason: `${task.kind} interrupted: the server stopped during ${item.step ?? 'the operation'}`,
    at: deps.clock.now(),
  })
}

export async function interruptItem(deps: AppDeps, task: Task, item: TaskItem): Promise<Task> {
  const message = interruptedMessage(item.step)
  // The plugin first: if the server dies again in between, the next recovery interrupts the item again.
  await settlePlugin(deps, task, item, message)
  return deps.store.updateTaskItem(task.workspaceId, task.id, item.id, {
    status: 'failed',
    message,
    error: { code: 'INTERRUPTED', message, detail: null },
    finishedAt: deps.clock.now().toISOString(),
  })
}

/**
 * Start-up recovery: every task that was active when the server stopped continues or ends.
 * Items still pending, and running items whose step is idempotent, are queued again; the others
 * end `failed` with INTERRUPTED. No task stays `running` with nothing running it.
 */
export async function recoverTasks(deps: AppDeps, resume: (task: Task) => void): Promise<RecoveryReport> {
  const report: RecoveryReport = { resumed: 0, interrupted: 0 }
  for (const task of await deps.store.listActiveTasks()) {
    let current = task
    for (const item of task.items) {
      if (item.status !== 'running' || recoveryOf(item.step) === 'resume') continue
      current = await interruptItem(deps, current, item)
      report.interrupted++
    }
    if (current.items.some((item) => !isTerminal(item.status))) {
      resume(current)
      report.resumed++
    }
  }
  return report
}
