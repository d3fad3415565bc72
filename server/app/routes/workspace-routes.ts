import { Hono } from 'hono'
import { AuditQuerySchema } from '#core/api/audit-schemas.ts'
import { CreateWorkspaceSchema, UpdateSettingsSchema } from '#core/api/workspace-schemas.ts'
import { parseBody, parseQuery, workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createWorkspaceService } from '#server/app/services/workspace-service.ts'

/** `/api/workspaces`: the signed-in user's workspaces, and creating one. */
export function workspaceListRoutes(deps: AppDeps): Hono {
  const workspaces = createWorkspaceService(deps)
  const routes = new Hono()
  routes.get('/', async (c) => c.json(await workspaces.list(c)))
  routes.post('/', async (c) => {
    const { name } = await parseBody(c, CreateWorkspaceSchema)
    return c.json(await workspaces.create(c, name), 201)
  })
  return routes
}

/** `/api/workspaces/:ws/settings` and `/audit`. */
export function workspaceAdminRoutes(deps: AppDeps): Hono {
  const workspaces = createWorkspaceService(deps)
  const routes = new Hono()
  routes.get('/settings', (c) => c.json(workspaces.settings(c)))
  routes.patch('/settings', async (c) =>
    c.json(await workspaces.updateSettings(c, await parseBody(c, UpdateSettingsSchema))),
  )
  routes.get('/audit', async (c) =>
    c.json(await workspaces.audit(workspaceOf(c), parseQuery(c, AuditQuerySchema))),
  )
  return routes
}
