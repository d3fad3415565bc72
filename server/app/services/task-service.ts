import type { Task, TaskList, TaskListQuery } from '#core/api/task-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { summarizeTaskPage } from '#core/tasks/task-summary.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'

/** The task panel's use-cases: list, read, cancel, clear. */
export function createTaskService(deps: AppDeps, runner: TaskRunner) {
  const { store } = deps

  async function getOr404(workspaceId: string, taskId: string): Promise<Task> {
    const task = await store.getTask(workspaceId, taskId)
    if (!task) throw new ApiError('NOT_FOUND', `unknown task ${taskId}`)
    return task
  }

  return {
    /** Summaries: a failed item's full error text is in the task's own answer (`get`). */
    list: async (workspaceId: string, query: TaskListQuery): Promise<TaskList> =>
      summarizeTaskPage(await store.listTasks(workspaceId, query)),
    listVersion: (workspaceId: string): Promise<string> => store.tasksVersion(workspaceId),
    get: getOr404,

    /** Cancel: the running step stops and is rolled back by the runner; pending items end at once. */
    async cancel(workspaceId: string, taskId: string): Promise<Task> {
      const task = await getOr404(workspaceId, taskId)
      if (isTerminal(task.status))
        throw new ApiError('CONFLICT', `the task is already ${task.status}`, { status: task.status })
      const requested = await store.requestCancel(workspaceId, taskId)
      if (!requested) throw new ApiError('NOT_FOUND', `unknown task ${taskId}`)
      await runner.cancel(requested)
      return getOr404(workspaceId, taskId)
    },

    async remove(workspaceId: string, taskId: string): Promise<void> {
      const result = await store.deleteTask(workspaceId, taskId)
      if (result === 'not_found') throw new ApiError('NOT_FOUND', `unknown task ${taskId}`)
      if (result === 'active') throw new ApiError('CONFLICT', 'an active task cannot be cleared', { taskId })
    },

    clear: (workspaceId: string): Promise<number> => store.clearTerminalTasks(workspaceId),
  }
}
