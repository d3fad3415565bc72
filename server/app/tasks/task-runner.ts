import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { failedOutcome } from './item-outcome.ts'
import { createOperationRun } from './operation-run.ts'
import { abandonConfigure } from './operations/configure-operation.ts'
import { abandonInstall } from './operations/install-operation.ts'
import { OPERATIONS } from './operations/operation-registry.ts'
import { type RecoveryReport, recoverTasks } from './task-recovery.ts'

interface Job {
  workspaceId: string
  taskId: string
  itemId: string
}

/** Runs task items in the background, at most `deps.concurrency` at once, in the order queued. */
export interface TaskRunner {
  /** Queues the task's pending items. */
  enqueue(task: Task): void
  /** Queues every non-terminal item of an active task again (start-up recovery decides which tasks). */
  resume(task: Task): void
  /** Aborts the task's running items and ends its pending ones `cancelled` (after store.requestCancel). */
  cancel(task: Task): Promise<void>
  /** Resolves once nothing is queued or running. */
  idle(): Promise<void>
  /** Start-up recovery: resumes or interrupts every task that was active when the server stopped. */
  recover(): Promise<RecoveryReport>
  /**
   * Shutdown: starts nothing new (queued items stay pending and resume at the next start) and
   * resolves once the running items have ended.
   */
  drain(): Promise<void>
}

const jobKey = (job: Job) => `${job.workspaceId}/${job.taskId}/${job.itemId}`
const runners = new WeakMap<AppDeps, TaskRunner>()

/** One runner per set of deps, shared by the app's services and by scenario seeding. */
export function taskRunnerFor(deps: AppDeps): TaskRunner {
  let runner = runners.get(deps)
  if (!runner) {
    runner = createTaskRunner(deps)
    runners.set(deps, runner)
  }
  return runner
}

export function createTaskRunner(deps: AppDeps): TaskRunner {
  const limit = Math.max(1, deps.concurrency ?? 4)
  const queue: Job[] = []
  // Registered when a job leaves the queue, before any await, so a cancel always finds it.
  const controllers = new Map<string, AbortController>()
  let idleWaiters: (() => void)[] = []
  let draining = false

  function pump(): void {
    if (draining) queue.length = 0
    while (controllers.size < limit && queue.length > 0) {
      const job = queue.shift() as Job
      const controller = new AbortController()
      controllers.set(jobKey(job), controller)
      void runJob(job, controller.signal)
        .catch((error) => console.error('[tasks] could not record the end of an item:', error))
        .finally(() => {
          controllers.delete(jobKey(job))
          pump()
        })
    }
    if (controllers.size === 0 && queue.length === 0) {
      for (const resolve of idleWaiters) resolve()
      idleWaiters = []
    }
  }

  /** A pending item of a cancelled task: it never runs, and what its request wrote is undone. */
  async function endUnstarted(task: Task, item: TaskItem): Promise<void> {
    if (task.kind === 'install') await abandonInstall(deps, task, item)
    await abandonConfigure(deps, task, item, 'discarded')
    await deps.store.updateTaskItem(task.workspaceId, task.id, item.id, {
      status: 'cancelled',
      message: 'cancelled before it started',
      finishedAt: deps.clock.now().toISOString(),
    })
  }

  async function runJob(job: Job, signal: AbortSignal): Promise<void> {
    const { store, clock } = deps
    const update = (patch: Parameters<typeof store.updateTaskItem>[3]) =>
      store.updateTaskItem(job.workspaceId, job.taskId, job.itemId, patch)
    const task = await store.getTask(job.workspaceId, job.taskId)
    const item = task?.items.find((candidate) => candidate.id === job.itemId)
    if (!task || !item || isTerminal(item.status)) return
    if (task.cancelRequested || signal.aborted) return endUnstarted(task, item)
    const plugin = await store.getPlugin(job.workspaceId, item.pluginId)
    if (!plugin) {
      const error = { code: 'NOT_FOUND', message: 'the plugin no longer exists', detail: null }
      await update({ status: 'failed', message: error.message, error, finishedAt: clock.now().toISOString() })
      return
    }
    await update({ status: 'running', progress: 0, startedAt: clock.now().toISOString() })
    try {
      await OPERATIONS[task.kind](createOperationRun(deps, task, item, plugin, signal))
      await update({
        status: 'success',
        progress: 100,
        message: 'done',
        finishedAt: clock.now().toISOString(),
      })
    } catch (error) {
      await update(failedOutcome(error, signal, clock.now()))
    }
  }

  function push(task: Task, runnable: (status: Task['status']) => boolean): void {
    for (const item of task.items) {
      const job = { workspaceId: task.workspaceId, taskId: task.id, itemId: item.id }
      if (runnable(item.status) && !controllers.has(jobKey(job))) queue.push(job)
    }
    pump()
  }

  return {
    enqueue: (task) => push(task, (status) => status === 'pending'),
    resume: (task) => push(task, (status) => !isTerminal(status)),
    async cancel(task) {
      for (const item of task.items) {
        const controller = controllers.get(
          jobKey({ workspaceId: task.workspaceId, taskId: task.id, itemId: item.id }),
        )
        if (controller) controller.abort(new Error('cancelled'))
        else if (item.status === 'pending') await endUnstarted(task, item)
      }
    },
    idle() {
      if (controllers.size === 0 && queue.length === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    recover() {
      return recoverTasks(deps, (task) => push(task, (status) => !isTerminal(status)))
    },
    drain() {
      draining = true
      queue.length = 0
      if (controllers.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
