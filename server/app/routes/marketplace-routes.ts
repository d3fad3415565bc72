import { paramOf } from '#server/app/http/request-input.ts'
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
    listMarketplace: (_c, { query }) => marketplace.list(query),
    getMarketplaceEntry: (c) => marketplace.get(`${paramOf(c, 'org')}/${paramOf(c, 'name')}`),
    getMarketplaceEntryById: (c) => marketplace.get(paramOf(c, 'pluginId')),
  }
}
