import { Hono } from 'hono'
import { MarketplaceQuerySchema } from '#core/api/marketplace-schemas.ts'
import { paramOf, parseQuery, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/**
 * `/api/workspaces/:ws/marketplace`. A catalog id is `org/name`: both `…/marketplace/acme/hello`
 * and `…/marketplace/acme%2Fhello` name the same entry.
 */
export function marketplaceRoutes({ marketplace }: Services): Hono {
  const routes = new Hono()
  routes.get('/', async (c) => {
    return c.json(await marketplace.list(workspaceOf(c), parseQuery(c, MarketplaceQuerySchema)))
  })
  routes.get('/:org/:name', async (c) => {
    const pluginId = `${paramOf(c, 'org')}/${paramOf(c, 'name')}`
    return c.json(await marketplace.get(workspaceOf(c), pluginId, c.req.query('sourceId')))
  })
  routes.get('/:pluginId', async (c) => {
    return c.json(await marketplace.get(workspaceOf(c), paramOf(c, 'pluginId'), c.req.query('sourceId')))
  })
  return routes
}
