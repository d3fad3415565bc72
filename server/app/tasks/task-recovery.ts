import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { canTransition } from '#core/plugins/plugin-status.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { writePluginStatus } from '#server/app/services/plugin-status-writer.ts'
import { abandonConfigure } from './operations/configure-operation.ts'
import { ERROR_WHEN_INTERRUPTED, recoveryOf } from './step-recovery.ts'

export interface RecoveryReport {
  /** Tasks whose remaining items were queued again. */
  resumed: number
  /** Items that ended `failed` with INTERRUPTED. */
  interrupted: number
}

export const INTERRUPTED_ACTOR = 'system'

/** Why an item will never finish: this server stopped, or (cluster mode) the node running it was lost. */
export interface Interruption {
  code: 'INTERRUPTED' | 'NODE_LOST'
  message(step: string | null): string
  /** The plugin event's reason. */
  reason(kind: Task['kind'], step: string | null): string
}

const NOT_REPEATED =
  'the step was not repeated because it is not safe to run twice. Retry the operation to run it again.'

export const SERVER_STOPPED: Interruption = {
  code: 'INTERRUPTED',
  message: (step) =>
    `The server stopped while this step${step ? ` (${step})` : ''} was running; nothing was left half-done: ${NOT_REPEATED}`,
  reason: (kind, step) => `${kind} interrupted: the server stopped during ${step ?? 'the operation'}`,
}

/** A node of the cluster stopped renewing its lease while it ran the item; `at` is when it was found lost. */
export function nodeLost(nodeId: string, at: Date): Interruption {
  return {
    code: 'NODE_LOST',
    message: (step) =>
      `Node ${nodeId} stopped answering while it ran this step${step ? ` (${step})` : ''} ` +
      `(its lease ended; found lost at ${at.toISOString()}): ${NOT_REPEATED}`,
    reason: (kind, step) => `${kind} interrupted: node ${nodeId} was lost during ${step ?? 'the operation'}`,
  }
}

/**
 * Makes the plugin consistent with an item that will never finish: a plugin that was being
 * installed or swapped to another version goes to `error` with the reason; others keep the status
 * they had before the step (the step's own transition never happened).
 */
async function settlePlugin(
  deps: AppDeps,
  task: Task,
  item: TaskItem,
  cause: Interruption,
  message: string,
): Promise<void> {
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
    reason: cause.reason(task.kind, item.step),
    at: deps.clock.now(),
  })
}

export async function interruptItem(
  deps: AppDeps,
  task: Task,
  item: TaskItem,
  cause: Interruption = SERVER_STOPPED,
): Promise<Task> {
  const message = cause.message(item.step)
  // The plugin first: if the server dies again in between, the next recovery interrupts the item again.
  await settlePlugin(deps, task, item, cause, message)
  await abandonConfigure(deps, task, item, 'failed')
  return deps.store.updateTaskItem(task.workspaceId, task.id, item.id, {
    status: 'failed',
    message,
    error: { code: cause.code, message, detail: null },
    finishedAt: deps.clock.now().toISOString(),
  })
}

/**
 * Start-up recovery: every task that was active when the server stopped continues or ends.
 * Items still pending, and running items whose step is idempotent, are queued again; the others
 * end `failed` with INTERRUPTED. No task stays `running` with nothing running it.
 */
export async function recoverTasks(deps: AppDeps, resume: (task: Task) => void): Promise<RecoveryReport> {
  return recoverTaskList(deps, await deps.store.listActiveTasks(), resume, SERVER_STOPPED)
}

/**
 * The same for a given list of tasks (cluster mode: the tasks whose items this node just took
 * over, from its own earlier incarnation or from a lost node), ending the running items that are
 * not safe to repeat with `cause`.
 */
export async function recoverTaskList(
  deps: AppDeps,
  tasks: readonly Task[],
  resume: (task: Task) => void,
  cause: Interruption,
  /** Which items are this recovery's (the others belong to another node and are left alone). */
  owned: (item: TaskItem) => boolean = () => true,
): Promise<RecoveryReport> {
  const report: RecoveryReport = { resumed: 0, interrupted: 0 }
  for (const task of tasks) {
    let current = task
    for (const item of task.items) {
      if (!owned(item) || item.status !== 'running' || recoveryOf(item.step) === 'resume') continue
      current = await interruptItem(deps, current, item, cause)
      report.interrupted++
    }
    if (current.items.some((item) => owned(item) && !isTerminal(item.status))) {
      resume({ ...current, items: current.items.filter(owned) })
      report.resumed++
    }
  }
  return report
}
