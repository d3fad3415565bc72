import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/**
 * `/api/workspaces/:ws/marketplace`. A catalog id is `org/name`: both `…/marketplace/acme/hello`
 * and `…/marketplace/acme%2Fhello` name the same entry.
 */
export function marketplaceHandlers({
  marketplace,
}: Services): EndpointHandlers<'listMarketplace' | 'getMarketplaceEntry' | 'getMarketplaceEntryById'> {
  return {
    listMarketplace: (c, { query }) => marketplace.list(workspaceOf(c), query),
    getMarketplaceEntry: (c) =>
      marketplace.get(workspaceOf(c), `${paramOf(c, 'org')}/${paramOf(c, 'name')}`, c.req.query('sourceId')),
    getMarketplaceEntryById: (c) =>
      marketplace.get(workspaceOf(c), paramOf(c, 'pluginId'), c.req.query('sourceId')),
  }
}
