import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { TerminalTaskStatus } from '#server/app/account-ports.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createItemFence, fencedDeps, type ItemFence, ItemFenced } from './item-fence.ts'
import { failedOutcome } from './item-outcome.ts'
import { createOperationRun } from './operation-run.ts'
import { abandonConfigure } from './operations/configure-operation.ts'
import { abandonInstall } from './operations/install-operation.ts'
import { OPERATIONS } from './operations/operation-registry.ts'
import { recoveryOf } from './step-recovery.ts'
import { interruptItem, type RecoveryReport, recoverTasks } from './task-recovery.ts'

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
  /**
   * The drain's deadline passed: every item still running is cut off from the store and the runtime
   * and ends the way start-up recovery would end it, now: a step that is safe to repeat stays to be
   * resumed at the next start, any other ends `failed` with INTERRUPTED (never with the error the
   * stop itself causes).
   */
  interrupt(): Promise<{ interrupted: number; resumeLater: number }>
  /**
   * Cluster mode, this node lost its lease: another node owns its items now. Nothing more is
   * started, queued items are dropped and every running item is cut off and aborted, writing nothing.
   */
  abandon(): void
}

interface Running {
  job: Job
  controller: AbortController
  fence: ItemFence
}

const jobKey = (job: Job) => `${job.workspaceId}/${job.taskId}/${job.itemId}`
const runners = new WeakMap<AppDeps, TaskRunner>()

/**
 * Once a task has ended, the audit entries of the request that started it say how (docs/accounts.md):
 * an install that failed must not read as a success. Called after each item's end; a no-op until
 * the last one.
 */
export async function settleAudit(deps: AppDeps, workspaceId: string, taskId: string): Promise<void> {
  try {
    const task = await deps.store.getTask(workspaceId, taskId)
    if (task && isTerminal(task.status)) {
      await deps.accounts.settleAuditTask(workspaceId, taskId, task.status as TerminalTaskStatus)
    }
  } catch (error) {
    console.error('[tasks] could not record the end of a task in the audit log:', error)
  }
}

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
  const controllers = new Map<string, Running>()
  let idleWaiters: (() => void)[] = []
  let draining = false

  function pump(): void {
    if (draining) queue.length = 0
    while (controllers.size < limit && queue.length > 0) {
      const job = queue.shift() as Job
      const running = { job, controller: new AbortController(), fence: createItemFence() }
      controllers.set(jobKey(job), running)
      void runJob(job, running.controller.signal, fencedDeps(deps, running.fence))
        .catch((error) => {
          if (!(error instanceof ItemFenced))
            console.error('[tasks] could not record the end of an item:', error)
        })
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
    await settleAudit(deps, task.workspaceId, task.id)
  }

  /** Runs one item with deps fenced to it: after `interrupt` its operation can no longer write. */
  async function runJob(job: Job, signal: AbortSignal, jobDeps: AppDeps): Promise<void> {
    const { store } = jobDeps
    const task = await store.getTask(job.workspaceId, job.taskId)
    const item = task?.items.find((candidate) => candidate.id === job.itemId)
    if (!task || !item || isTerminal(item.status)) return
    if (task.cancelRequested || signal.aborted) return endUnstarted(task, item)
    try {
      await runItem(job, signal, task, item, jobDeps)
    } finally {
      await settleAudit(deps, job.workspaceId, job.taskId)
    }
  }

  async function runItem(
    job: Job,
    signal: AbortSignal,
    task: Task,
    item: TaskItem,
    jobDeps: AppDeps,
  ): Promise<void> {
    const { store, clock } = jobDeps
    const update = (patch: Parameters<typeof store.updateTaskItem>[3]) =>
      store.updateTaskItem(job.workspaceId, job.taskId, job.itemId, patch)
    const plugin = await store.getPlugin(job.workspaceId, item.pluginId)
    if (!plugin) {
      const error = { code: 'NOT_FOUND', message: 'the plugin no longer exists', detail: null }
      await update({ status: 'failed', message: error.message, error, finishedAt: clock.now().toISOString() })
      return
    }
    await update({ status: 'running', progress: 0, startedAt: clock.now().toISOString() })
    try {
      await OPERATIONS[task.kind](createOperationRun(jobDeps, task, item, plugin, signal))
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
      const key = jobKey(job)
      // Queued or running already: an item is pushed again when a node picks up its claims.
      if (runnable(item.status) && !controllers.has(key) && !queue.some((queued) => jobKey(queued) === key)) {
        queue.push(job)
      }
    }
    pump()
  }

  return {
    enqueue: (task) => push(task, (status) => status === 'pending'),
    resume: (task) => push(task, (status) => !isTerminal(status)),
    async cancel(task) {
      for (const item of task.items) {
        const running = controllers.get(
          jobKey({ workspaceId: task.workspaceId, taskId: task.id, itemId: item.id }),
        )
        if (running) running.controller.abort(new Error('cancelled'))
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
    abandon() {
      draining = true
      queue.length = 0
      for (const { controller, fence } of controllers.values()) {
        fence.close()
        controller.abort(new Error('this node lost its lease'))
      }
    },
    async interrupt() {
      const report = { interrupted: 0, resumeLater: 0 }
      for (const { job, fence } of [...controllers.values()]) {
        if (fence.closed) continue
        fence.close()
        const task = await deps.store.getTask(job.workspaceId, job.taskId)
        const item = task?.items.find((candidate) => candidate.id === job.itemId)
        if (!task || !item || isTerminal(item.status)) continue
        if (item.status === 'running' && recoveryOf(item.step) === 'interrupt') {
          await interruptItem(deps, task, item)
          report.interrupted++
        } else report.resumeLater++
      }
      return report
    },
  }
}
