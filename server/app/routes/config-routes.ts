import { Hono } from 'hono'
import { ConfigRestoreRequestSchema, ConfigUpdateRequestSchema } from '#core/config/config-schemas.ts'
import { actorOf, paramOf, parseBody, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/plugins/:id/config`: values (secrets as set / not set), changes as tasks, history. */
export function configRoutes({ config }: Services): Hono {
  const routes = new Hono()
  routes.get('/:id/config', async (c) => c.json(await config.get(workspaceOf(c), paramOf(c, 'id'))))
  routes.put('/:id/config', async (c) => {
    const body = await parseBody(c, ConfigUpdateRequestSchema)
    const task = await config.update(workspaceOf(c), paramOf(c, 'id'), body, actorOf(c))
    return c.json({ task }, 202)
  })
  routes.post('/:id/config/check', async (c) => {
    const body = await parseBody(c, ConfigUpdateRequestSchema)
    return c.json(await config.check(workspaceOf(c), paramOf(c, 'id'), body))
  })
  routes.get('/:id/config/history', async (c) =>
    c.json(await config.history(workspaceOf(c), paramOf(c, 'id'))),
  )
  routes.post('/:id/config/restore', async (c) => {
    const { version } = await parseBody(c, ConfigRestoreRequestSchema)
    const task = await config.restore(workspaceOf(c), paramOf(c, 'id'), version, actorOf(c))
    return c.json({ task }, 202)
  })
  return routes
}
