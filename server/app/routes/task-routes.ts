import { listResponder } from '#server/app/http/conditional-get.ts'
import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/tasks`: the task panel. */
export function taskHandlers({
  tasks,
}: Services): EndpointHandlers<'listTasks' | 'clearTasks' | 'getTask' | 'cancelTask' | 'clearTask'> {
  const taskList = listResponder()
  return {
    listTasks: (c, { query }) => {
      const ws = workspaceOf(c)
      return taskList(c, tasks.listVersion(ws), () => tasks.list(ws, query))
    },
    clearTasks: async (c) => ({ cleared: await tasks.clear(workspaceOf(c)) }),
    getTask: (c) => tasks.get(workspaceOf(c), paramOf(c, 'taskId')),
    cancelTask: async (c) => ({ task: await tasks.cancel(workspaceOf(c), paramOf(c, 'taskId')) }),
    clearTask: (c) => tasks.remove(workspaceOf(c), paramOf(c, 'taskId')),
  }
}
