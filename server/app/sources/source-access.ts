import type { CatalogEntry } from '#core/api/marketplace-schemas.ts'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { CATALOG_SOURCE_ID } from '#core/api/source-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { type AppDeps, type OperationContext, type PackageInfo, StepFailure } from '#server/app/ports.ts'
import { assertSigned } from './signature-policy.ts'
import { type RegistryConnection, RegistryError, type StoredSource } from './source-ports.ts'

/** Where a sealed token belongs: its workspace and source (a token copied elsewhere does not open). */
export const tokenContext = (source: Pick<StoredSource, 'workspaceId' | 'id'>) =>
  `source/${source.workspaceId}/${source.id}`

/** A RegistryError (or anything else) as the StepFailure of the step it broke. */
export function registryStepFailure(step: string, error: unknown): unknown {
  return error instanceof RegistryError ? new StepFailure(step, error.code, error.message) : error
}

/**
 * One way to reach a plugin's source, whatever it is: the local catalog folder, or a registry
 * (its token opened only for the call). Installs, upgrades and the update check all go through it.
 */
export function createSourceAccess(deps: AppDeps) {
  const { catalog } = deps

  function wired() {
    if (!deps.sources) throw new ApiError('NOT_FOUND', 'this server has no registry sources')
    return deps.sources
  }

  async function listSources(workspaceId: string): Promise<StoredSource[]> {
    return deps.sources ? deps.sources.store.list(workspaceId) : []
  }

  async function connectionOf(source: StoredSource): Promise<RegistryConnection> {
    const token = source.sealedToken
      ? await wired().tokens.open(source.sealedToken, tokenContext(source))
      : null
    return {
      id: source.id,
      url: source.url,
      scope: source.scope,
      token,
      signaturePolicy: source.signaturePolicy,
    }
  }

  async function connection(workspaceId: string, sourceId: string): Promise<RegistryConnection> {
    const source = await wired().store.get(workspaceId, sourceId)
    if (!source) throw new ApiError('NOT_FOUND', `unknown source ${sourceId}`)
    return connectionOf(source)
  }

  const isCatalog = (sourceId: string | undefined) => !sourceId || sourceId === CATALOG_SOURCE_ID

  return {
    listSources,
    registries: () => wired().registries,
    connectionOf,
    connection,
    /** The package of one version, or null when the catalog lacks it; registries throw RegistryError. */
    async resolve(
      workspaceId: string,
      sourceId: string | undefined,
      pluginId: string,
      version: string,
    ): Promise<PackageInfo | null> {
      if (isCatalog(sourceId)) return catalog.resolve(pluginId, version)
      const source = await connection(workspaceId, sourceId ?? '')
      // Checked before resolving, which downloads the package to read its manifest.
      if (source.signaturePolicy === 'require')
        assertSigned(pluginId, await wired().registries.trust(source, pluginId, version))
      return wired().registries.resolve(source, pluginId, version)
    },
    async entry(
      workspaceId: string,
      sourceId: string | undefined,
      pluginId: string,
    ): Promise<CatalogEntry | null> {
      if (isCatalog(sourceId)) return catalog.get(pluginId)
      return wired().registries.get(await connection(workspaceId, sourceId ?? ''), pluginId)
    },
    /** Downloads and verifies a registry package before the runtime unpacks it; nothing for the catalog. */
    async fetch(ctx: OperationContext, pkg: PackageInfo): Promise<void> {
      if (pkg.source.type !== 'registry') return
      try {
        await wired().registries.fetch(ctx, await connection(ctx.workspaceId, pkg.source.sourceId ?? ''), pkg)
      } catch (error) {
        throw error instanceof ApiError
          ? new StepFailure(
              'download',
              'REGISTRY_UNREACHABLE',
              `the plugin's source is gone: ${error.message}`,
            )
          : registryStepFailure('download', error)
      }
    },
  }
}

/** The package a registry-installed plugin row was resolved to (its source holds integrity and tarball). */
export function packageFromRow(plugin: Plugin): PackageInfo {
  return {
    pluginId: plugin.pluginId,
    version: plugin.version,
    name: plugin.name,
    description: plugin.description,
    author: plugin.author,
    icon: plugin.icon,
    categories: [...plugin.categories],
    capabilities: [...plugin.capabilities],
    modules: plugin.modules.map(({ id, name, type }) => ({ id, name, type })),
    source: { ...plugin.source },
  }
}
