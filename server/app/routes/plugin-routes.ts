import { Hono } from 'hono'
import { paginationQuery } from '#core/api/common-schemas.ts'
import {
  PluginListQuerySchema,
  UninstallQuerySchema,
  UpgradeRequestSchema,
} from '#core/api/plugin-schemas.ts'
import { listResponder } from '#server/app/http/conditional-get.ts'
import { actorOf, paramOf, parseBody, parseQuery, workspaceOf } from '#server/app/http/request-input.ts'
import type { SimpleAction } from '#server/app/services/plugin-service.ts'
import type { Services } from '#server/app/services/services.ts'

const EventListQuerySchema = paginationQuery(50, 200)
const ACTIONS: Record<string, SimpleAction> = {
  enable: 'enable',
  disable: 'disable',
  restart: 'restart',
  'upgrade/approve': 'approve',
  'upgrade/reject': 'reject',
}

/** `/api/workspaces/:ws/plugins`: reads answer 200, actions answer 202 `{ task }`. */
export function pluginRoutes({ plugins }: Services): Hono {
  const routes = new Hono()
  const listResponse = listResponder()
  routes.get('/', (c) => {
    const query = parseQuery(c, PluginListQuerySchema)
    const ws = workspaceOf(c)
    return listResponse(c, plugins.listVersion(ws), () => plugins.list(ws, query))
  })
  routes.get('/:id', async (c) => c.json(await plugins.detail(workspaceOf(c), paramOf(c, 'id'))))
  routes.get('/:id/events', async (c) => {
    const { page, pageSize } = parseQuery(c, EventListQuerySchema)
    return c.json(await plugins.events(workspaceOf(c), paramOf(c, 'id'), page, pageSize))
  })
  routes.get('/:id/health', async (c) => c.json(await plugins.health(workspaceOf(c), paramOf(c, 'id'))))
  routes.get('/:id/logs', async (c) => c.json(await plugins.logs(workspaceOf(c), paramOf(c, 'id'))))
  for (const [path, action] of Object.entries(ACTIONS)) {
    routes.post(`/:id/${path}`, async (c) => {
      const task = await plugins.act(workspaceOf(c), paramOf(c, 'id'), action, actorOf(c))
      return c.json({ task }, 202)
    })
  }
  routes.post('/:id/upgrade', async (c) => {
    const { version } = await parseBody(c, UpgradeRequestSchema)
    const task = await plugins.upgrade(workspaceOf(c), paramOf(c, 'id'), version, actorOf(c))
    return c.json({ task }, 202)
  })
  routes.delete('/:id', async (c) => {
    const { purge } = parseQuery(c, UninstallQuerySchema)
    const task = await plugins.uninstall(workspaceOf(c), paramOf(c, 'id'), purge, actorOf(c))
    return c.json({ task }, 202)
  })
  return routes
}
