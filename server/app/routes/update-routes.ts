import { Hono } from 'hono'
import { UpdatePolicySchema } from '#core/api/update-policy-schemas.ts'
import { UpdateRequestSchema } from '#core/api/update-schemas.ts'
import { actorOf, paramOf, parseBody, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/updates`: available updates, update several at once, the update policy. */
export function updateRoutes({ updates }: Services): Hono {
  const routes = new Hono()
  routes.get('/', async (c) => c.json(await updates.list(workspaceOf(c))))
  routes.post('/', async (c) => {
    const request = await parseBody(c, UpdateRequestSchema)
    return c.json({ task: await updates.update(workspaceOf(c), request, actorOf(c)) }, 202)
  })
  routes.get('/policy', async (c) => c.json(await updates.policy(workspaceOf(c))))
  routes.patch('/policy', async (c) => {
    const policy = await parseBody(c, UpdatePolicySchema)
    return c.json(await updates.setPolicy(workspaceOf(c), policy))
  })
  return routes
}

/** `…/plugins/:id/pin`: pin the installed version (no automatic update touches it), or unpin. */
export function pinRoutes({ updates }: Services): Hono {
  const routes = new Hono()
  routes.post('/:id/pin', async (c) => c.json(await updates.pin(workspaceOf(c), paramOf(c, 'id'), true)))
  routes.delete('/:id/pin', async (c) => c.json(await updates.pin(workspaceOf(c), paramOf(c, 'id'), false)))
  return routes
}
