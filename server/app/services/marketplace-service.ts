import type {
  CatalogEntry,
  MarketplaceEntry,
  MarketplaceList,
  MarketplaceQuery,
} from '#core/api/marketplace-schemas.ts'
import { CATALOG_SOURCE_ID, type SourceProblem } from '#core/api/source-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createSourceAccess } from '#server/app/sources/source-access.ts'
import { RegistryError } from '#server/app/sources/source-ports.ts'

const problemOf = (sourceId: string, name: string, error: unknown): SourceProblem => ({
  sourceId,
  name,
  code: error instanceof RegistryError ? error.code : 'INTERNAL',
  message: error instanceof Error ? error.message : String(error),
})

/** How long the marketplace waits for a registry before it answers without it. */
export const SOURCE_DEADLINE_MS = 5_000

/** Rejects once a registry has had its time, so one slow source never holds back the others. */
async function tooSlow(deps: AppDeps, url: string, signal: AbortSignal): Promise<never> {
  try {
    await deps.clock.sleep(SOURCE_DEADLINE_MS, signal)
  } catch {
    // The registry answered first: this race is over and must not reject unheard.
    return new Promise<never>(() => {})
  }
  throw new RegistryError(
    'REGISTRY_UNREACHABLE',
    `${url} did not answer within ${SOURCE_DEADLINE_MS / 1000} s`,
  )
}

/**
 * The marketplace across sources: the local catalog (never waits on the network) and every
 * registry of the workspace, asked in parallel. A source that fails is named in `problems` and the
 * others still answer.
 */
export function createMarketplaceService(deps: AppDeps) {
  const access = createSourceAccess(deps)

  async function withInstalled(
    workspaceId: string,
    sourceId: string,
    entry: CatalogEntry,
  ): Promise<MarketplaceEntry> {
    const installed = await deps.store.findPluginByRef(workspaceId, entry.pluginId)
    const present = installed && installed.status !== 'uninstalled'
    return { ...entry, sourceId, installedVersion: present ? installed.version : null }
  }

  return {
    async list(workspaceId: string, query: MarketplaceQuery): Promise<MarketplaceList> {
      const registries = await access.listSources(workspaceId)
      const problems: SourceProblem[] = []
      const lists = await Promise.all([
        query.sourceId && query.sourceId !== CATALOG_SOURCE_ID
          ? []
          : deps.catalog
              .list(query)
              .then((entries) => entries.map((entry) => ({ entry, sourceId: CATALOG_SOURCE_ID }))),
        ...registries
          .filter((source) => !query.sourceId || query.sourceId === source.id)
          .map(async (source) => {
            const stop = new AbortController()
            try {
              const listing = access.registries().list(await access.connectionOf(source), query)
              const entries = await Promise.race([listing, tooSlow(deps, source.url, stop.signal)])
              return entries.map((entry) => ({ entry, sourceId: source.id }))
            } catch (error) {
              problems.push(problemOf(source.id, source.name, error))
              return []
            } finally {
              stop.abort()
            }
          }),
      ])
      const items: MarketplaceEntry[] = []
      for (const { entry, sourceId } of lists.flat())
        items.push(await withInstalled(workspaceId, sourceId, entry))
      return { items, problems }
    },
    /** One entry: from the source named, or the first source that has it (the catalog first). */
    async get(workspaceId: string, pluginId: string, sourceId?: string): Promise<MarketplaceEntry> {
      const candidates = sourceId
        ? [sourceId]
        : [CATALOG_SOURCE_ID, ...(await access.listSources(workspaceId)).map((source) => source.id)]
      for (const candidate of candidates) {
        let entry: CatalogEntry | null
        try {
          entry = await access.entry(workspaceId, candidate, pluginId)
        } catch (error) {
          if (sourceId && error instanceof RegistryError)
            throw new ApiError('NOT_FOUND', error.message, { code: error.code })
          continue
        }
        if (entry) return withInstalled(workspaceId, candidate, entry)
      }
      throw new ApiError('NOT_FOUND', `unknown plugin ${pluginId}`)
    },
  }
}
