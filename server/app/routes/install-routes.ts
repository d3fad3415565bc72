import { Hono } from 'hono'
import { InstallRequestSchema } from '#core/api/install-schemas.ts'
import { actorOf, parseBody, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/installs`: one task for one or more catalog plugins. */
export function installRoutes({ installs }: Services): Hono {
  const routes = new Hono()
  routes.post('/', async (c) => {
    const request = await parseBody(c, InstallRequestSchema)
    return c.json({ task: await installs.install(workspaceOf(c), request, actorOf(c)) }, 202)
  })
  return routes
}
