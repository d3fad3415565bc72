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
    workspaceOf(c)
    return c.json(await marketplace.list(parseQuery(c, MarketplaceQuerySchema)))
  })
  routes.get('/:org/:name', async (c) => {
    workspaceOf(c)
    return c.json(await marketplace.get(`${paramOf(c, 'org')}/${paramOf(c, 'name')}`))
  })
  routes.get('/:pluginId', async (c) => {
    workspaceOf(c)
    return c.json(await marketplace.get(paramOf(c, 'pluginId')))
  })
  return routes
}
