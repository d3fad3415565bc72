import { Hono } from 'hono'
import { TaskListQuerySchema } from '#core/api/task-schemas.ts'
import { listResponder } from '#server/app/http/conditional-get.ts'
import { paramOf, parseQuery, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/tasks`: the task panel. */
export function taskRoutes({ tasks }: Services): Hono {
  const routes = new Hono()
  const listResponse = listResponder()
  routes.get('/', (c) => {
    const query = parseQuery(c, TaskListQuerySchema)
    const ws = workspaceOf(c)
    return listResponse(c, tasks.listVersion(ws), () => tasks.list(ws, query))
  })
  routes.post('/clear', async (c) => c.json({ cleared: await tasks.clear(workspaceOf(c)) }))
  routes.get('/:taskId', async (c) => c.json(await tasks.get(workspaceOf(c), paramOf(c, 'taskId'))))
  routes.post('/:taskId/cancel', async (c) =>
    c.json({ task: await tasks.cancel(workspaceOf(c), paramOf(c, 'taskId')) }),
  )
  routes.delete('/:taskId', async (c) => {
    await tasks.remove(workspaceOf(c), paramOf(c, 'taskId'))
    return c.body(null, 204)
  })
  return routes
}
