import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/tasks`: the task panel. */
export function taskHandlers({
  tasks,
}: Services): EndpointHandlers<'listTasks' | 'clearTasks' | 'getTask' | 'cancelTask' | 'clearTask'> {
  return {
    listTasks: (c, { query }) => tasks.list(workspaceOf(c), query),
    clearTasks: async (c) => ({ cleared: await tasks.clear(workspaceOf(c)) }),
    getTask: (c) => tasks.get(workspaceOf(c), paramOf(c, 'taskId')),
    cancelTask: async (c) => ({ task: await tasks.cancel(workspaceOf(c), paramOf(c, 'taskId')) }),
    clearTask: (c) => tasks.remove(workspaceOf(c), paramOf(c, 'taskId')),
  }
}
