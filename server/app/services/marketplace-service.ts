import type { MarketplaceEntry, MarketplaceList, MarketplaceQuery } from '#core/api/marketplace-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps } from '#server/app/ports.ts'

/** The catalog as the marketplace shows it. */
export function createMarketplaceService(deps: AppDeps) {
  return {
    async list(query: MarketplaceQuery): Promise<MarketplaceList> {
      return { items: await deps.catalog.list(query) }
    },
    async get(pluginId: string): Promise<MarketplaceEntry> {
      const entry = await deps.catalog.get(pluginId)
      if (!entry) throw new ApiError('NOT_FOUND', `unknown plugin ${pluginId}`)
      return entry
    },
  }
}
