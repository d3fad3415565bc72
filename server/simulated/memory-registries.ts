import type { CatalogEntry } from '#core/api/marketplace-schemas.ts'
import type { VersionTrust } from '#core/api/source-schemas.ts'
import type { PackageInfo } from '#server/app/ports.ts'
import { packageNameOf } from '#server/app/sources/package-name.ts'
import { type Registries, type RegistryConnection, RegistryError } from '#server/app/sources/source-ports.ts'
import { createDemoCatalog } from './demo-catalog.ts'
import type { DemoPlugin } from './demo-catalog-data.ts'

/** One pretend registry: its plugins, the token it wants (if private), whether it answers at all. */
export interface MemoryRegistry {
  plugins: DemoPlugin[]
  token?: string
  down?: boolean
  /** Never answers (a registry that hangs). */
  hangs?: boolean
  /**
   * What its package documents say of each version's signature (`pluginId@version`; absent:
   * unsigned), and the versions with a provenance attestation.
   */
  signatures?: Record<string, 'signed' | 'invalid'>
  provenance?: string[]
}

/**
 * The Registries port in memory, for mock mode and route tests: registries by URL, each a demo
 * catalog. An unknown URL is unreachable; a private one refuses a wrong token. Downloads only
 * report their steps (the simulated runtime installs nothing real).
 */
export function createMemoryRegistries(registries: Record<string, MemoryRegistry> = {}): Registries {
  async function reach(source: RegistryConnection) {
    const registry = registries[source.url]
    if (registry?.hangs) await new Promise<never>(() => {})
    if (!registry || registry.down) {
      throw new RegistryError('REGISTRY_UNREACHABLE', `the registry could not be reached (${source.url})`)
    }
    if (registry.token && registry.token !== source.token) {
      throw new RegistryError('REGISTRY_UNAUTHORIZED', `the registry refused access to ${source.url} (401)`)
    }
    return createDemoCatalog(registry.plugins)
  }

  function trustOf(source: RegistryConnection, pluginId: string, version: string): VersionTrust {
    const registry = registries[source.url]
    const ref = `${pluginId}@${version}`
    const signature = registry?.signatures?.[ref] ?? 'unsigned'
    return {
      version,
      signature,
      registry: new URL(source.url).host,
      keyId: signature === 'unsigned' ? null : 'SHA256:memory-registry-key',
      reason: signature === 'invalid' ? `the signature does not match ${ref}` : null,
      provenance: registry?.provenance?.includes(ref) ?? false,
    }
  }

  /** The entry with each version's trust, as a registry source whose policy is not `off` sees it. */
  const withTrust = (source: RegistryConnection, entry: CatalogEntry): CatalogEntry =>
    source.signaturePolicy === 'off'
      ? entry
      : {
          ...entry,
          versions: entry.versions.map((v) => ({
            ...v,
            trust: trustOf(source, entry.pluginId, v.version),
          })),
        }

  const port: Registries = {
    async list(source, query) {
      return (await (await reach(source)).list(query)).map((entry) => withTrust(source, entry))
    },
    async get(source, pluginId) {
      const entry = await (await reach(source)).get(pluginId)
      return entry && withTrust(source, entry)
    },
    async trust(source, pluginId, version) {
      await reach(source)
      return trustOf(source, pluginId, version)
    },
    async resolve(source, pluginId, version): Promise<PackageInfo> {
      const pkg = await (await reach(source)).resolve(pluginId, version)
      if (!pkg)
        throw new RegistryError(
          'VERSION_NOT_FOUND',
          `${packageNameOf(pluginId)}@${version} is not in the registry`,
        )
      const integrity = `sha512-memory-${pluginId}-${version}`
      return {
        ...pkg,
        source: {
          type: 'registry',
          packageId: null,
          sha256: null,
          sourceId: source.id,
          packageName: packageNameOf(pluginId),
          integrity,
          tarball: `${source.url}/${packageNameOf(pluginId)}/-/${version}.tgz`,
        },
      }
    },
    async fetch(ctx, source) {
      await reach(source)
      await ctx.report({ step: 'download', progress: 50 })
      await ctx.report({ step: 'verify', progress: 100 })
    },
  }
  return port
}
