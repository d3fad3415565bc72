import { createHash } from 'node:crypto'
import { access, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { list } from 'tar'
import type { CatalogEntry, MarketplaceQuery } from '#core/api/marketplace-schemas.ts'
import type { VersionTrust } from '#core/api/source-schemas.ts'
import { validateManifest } from '#core/manifest/manifest-schema.ts'
import { compareSemver } from '#core/manifest/semver.ts'
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '#server/app/packages/package-rules.ts'
import type { OperationContext, PackageInfo } from '#server/app/ports.ts'
import { packageNameOf, pluginIdOf } from '#server/app/sources/package-name.ts'
import { type Registries, type RegistryConnection, RegistryError } from '#server/app/sources/source-ports.ts'
import { packageInfoOf } from '#server/catalog/package-info-of.ts'
import { inspectArchive } from '#server/node-packages/package-archive.ts'
import { type Packument, RegistryClient } from './registry-client.ts'
import { type RegistryKey, verifyVersion } from './registry-signatures.ts'

/** The keyword that marks a registry package as a Plugboard plugin. */
export const PLUGIN_KEYWORD = 'plugboard-plugin'
/** How many of a plugin's newest versions the marketplace reads (each one's package is fetched once). */
const VERSIONS_SHOWN = 20

/** What a version's package says about itself, read once from its verified tarball. */
interface PackageMeta {
  manifest: unknown
  changelog: string | null
}

type VersionDoc = Packument['versions'][string]

/**
 * The Registries port over npm-compatible registries. Tarballs are kept content-addressed under
 * `storeDir` (named by their sha512), each one written only after its integrity matched and
 * checked with the same archive rules as uploads before anything reads inside it.
 */
export class NpmRegistries implements Registries {
  private readonly client: RegistryClient
  private readonly storeDir: string
  private readonly limits: PackageLimits
  private readonly metas = new Map<string, Promise<PackageMeta>>()

  constructor(options: { storeDir: string; client?: RegistryClient; limits?: PackageLimits }) {
    this.storeDir = options.storeDir
    this.client = options.client ?? new RegistryClient()
    this.limits = options.limits ?? DEFAULT_PACKAGE_LIMITS
  }

  async list(source: RegistryConnection, query: MarketplaceQuery): Promise<CatalogEntry[]> {
    // `keywords:` is npm's search syntax; registries without it (Verdaccio) answer nothing, so the
    // plain text (or the source's scope) is searched instead and the keyword checked here.
    let hits = await this.client.search(source, `keywords:${PLUGIN_KEYWORD}`)
    if (hits.length === 0) hits = await this.client.search(source, query.q || source.scope || '')
    const names = hits
      .filter((hit) => hit.keywords.includes(PLUGIN_KEYWORD) && pluginIdOf(hit.name))
      .filter((hit) => !source.scope || hit.name.startsWith(`${source.scope}/`))
      .map((hit) => hit.name)
    const entries: CatalogEntry[] = []
    for (const name of [...new Set(names)]) {
      const packument = await this.client.packument(source, name)
      const entry = packument && (await this.entryOf(source, packument, 1))
      if (entry && matches(entry, query)) entries.push(entry)
    }
    return entries.sort((a, b) => a.name.localeCompare(b.name))
  }

  async get(source: RegistryConnection, pluginId: string): Promise<CatalogEntry | null> {
    if (source.scope && !packageNameOf(pluginId).startsWith(`${source.scope}/`)) return null
    const packument = await this.client.packument(source, packageNameOf(pluginId))
    return packument ? this.entryOf(source, packument, VERSIONS_SHOWN) : null
  }

  async resolve(source: RegistryConnection, pluginId: string, version: string): Promise<PackageInfo> {
    const name = packageNameOf(pluginId)
    const packument = await this.client.packument(source, name)
    const exact = packument?.versions[packument['dist-tags'][version] ?? version]
    if (!packument || !exact)
      throw new RegistryError('VERSION_NOT_FOUND', `${name}@${version} is not in the registry`)
    const integrity = exact.dist.integrity
    if (!integrity?.startsWith('sha512-')) {
      throw new RegistryError(
        'PACKAGE_INVALID',
        `${name}@${exact.version} has no sha512 integrity to verify it`,
      )
    }
    const meta = await this.metaOf(source, exact)
    const problems = manifestProblems(meta.manifest, pluginId, exact.version)
    if (problems.length > 0) {
      throw new RegistryError('PACKAGE_INVALID', `${name}@${exact.version}: ${problems.join('; ')}`)
    }
    return packageInfoOf(meta.manifest, pluginId, exact.version, {
      type: 'registry',
      packageId: null,
      sha256: null,
      sourceId: source.id,
      packageName: name,
      integrity,
      tarball: exact.dist.tarball,
    })
  }

  async trust(source: RegistryConnection, pluginId: string, version: string): Promise<VersionTrust> {
    const name = packageNameOf(pluginId)
    const packument = await this.client.packument(source, name)
    const exact = packument?.versions[packument['dist-tags'][version] ?? version]
    if (!packument || !exact)
      throw new RegistryError('VERSION_NOT_FOUND', `${name}@${version} is not in the registry`)
    return trustOf(source, packument, exact, await this.client.keys(source))
  }

  async fetch(ctx: OperationContext, source: RegistryConnection, pkg: PackageInfo): Promise<void> {
    const { integrity, tarball } = pkg.source
    if (!integrity || !tarball) throw new RegistryError('PACKAGE_INVALID', 'the package was never resolved')
    await ctx.report({ step: 'download', progress: 0, message: `Downloading ${tarball}` })
    await this.ensureTarball(source, tarball, integrity, ctx)
    await ctx.report({ step: 'verify', progress: 100, message: `Verified ${integrity.slice(0, 20)}…` })
  }

  /** The verified tarball of a resolved registry package, for the runtime to install from. */
  async locate(pkg: PackageInfo): Promise<string | null> {
    if (pkg.source.type !== 'registry' || !pkg.source.integrity) return null
    const file = this.fileOf(pkg.source.integrity)
    return access(file).then(
      () => file,
      () => null,
    )
  }

  private fileOf(integrity: string): string {
    const digest = createHash('sha256').update(integrity).digest('hex')
    return join(this.storeDir, `${digest}.tgz`)
  }

  private async ensureTarball(
    source: RegistryConnection,
    tarball: string,
    integrity: string,
    ctx?: OperationContext,
  ): Promise<string> {
    const file = this.fileOf(integrity)
    const present = await access(file).then(
      () => true,
      () => false,
    )
    if (present) return file
    await mkdir(this.storeDir, { recursive: true })
    let last = 0
    await this.client.download(
      source,
      tarball,
      integrity,
      file,
      (received, total) => {
        const progress = total ? Math.floor((received / total) * 90) : 50
        if (ctx && progress >= last + 10) {
          last = progress
          void ctx.report({ step: 'download', progress, message: `${received} bytes` })
        }
      },
      ctx?.signal,
    )
    const problems = await inspectArchive(file, this.limits)
    if (problems.length > 0) {
      const { rm } = await import('node:fs/promises')
      await rm(file, { force: true })
      throw new RegistryError('PACKAGE_INVALID', `The package archive is not allowed: ${problems.join('; ')}`)
    }
    return file
  }

  private metaOf(source: RegistryConnection, version: VersionDoc): Promise<PackageMeta> {
    const integrity = version.dist.integrity ?? ''
    let meta = this.metas.get(integrity)
    if (!meta) {
      meta = this.ensureTarball(source, version.dist.tarball, integrity).then(readMeta)
      this.metas.set(integrity, meta)
      meta.catch(() => this.metas.delete(integrity))
    }
    return meta
  }

  private async entryOf(
    source: RegistryConnection,
    packument: Packument,
    count: number,
  ): Promise<CatalogEntry | null> {
    const pluginId = pluginIdOf(packument.name)
    if (!pluginId) return null
    const versions = Object.values(packument.versions)
      .filter((v) => v.dist.integrity)
      .sort((a, b) => compareSemver(b.version, a.version))
      .slice(0, VERSIONS_SHOWN)
    const latestVersion = packument['dist-tags'].latest ?? versions[0]?.version
    const latest = versions.find((v) => v.version === latestVersion) ?? versions[0]
    if (!latest) return null
    const read = async (v: VersionDoc, index: number) =>
      index < count || v === latest ? this.metaOf(source, v).catch(() => null) : null
    const metas = await Promise.all(versions.map(read))
    const keys = source.signaturePolicy === 'off' ? null : await this.client.keys(source)
    const latestMeta = metas[versions.indexOf(latest)] ?? null
    const info = packageInfoOf(latestMeta?.manifest, pluginId, latest.version, {
      type: 'registry',
      packageId: null,
      sha256: null,
    })
    return {
      pluginId,
      name: info.name,
      description: info.description || latest.description || '',
      author: info.author,
      icon: info.icon,
      categories: info.categories,
      versions: versions.map((v, index) => {
        const meta = metas[index]
        const manifest = (meta?.manifest ?? {}) as { capabilities?: unknown; minHostVersion?: unknown }
        return {
          version: v.version,
          capabilities: Array.isArray(manifest.capabilities) ? manifest.capabilities.map(String) : [],
          minHostVersion: typeof manifest.minHostVersion === 'string' ? manifest.minHostVersion : null,
          publishedAt: normalizedTime(packument.time?.[v.version]),
          changelog: meta?.changelog ?? null,
          ...(keys ? { trust: trustOf(source, packument, v, keys) } : {}),
        }
      }),
      latestVersion: latest.version,
      bundle: null,
      readme: packument.readme || null,
    }
  }
}

function trustOf(
  source: RegistryConnection,
  packument: Packument,
  version: VersionDoc,
  keys: RegistryKey[],
): VersionTrust {
  const registry = new URL(source.url).host
  const publishedAt = packument.time?.[version.version] ?? null
  return verifyVersion(registry, packument.name, version.version, version.dist, keys, publishedAt)
}

function normalizedTime(value: string | undefined): string | null {
  if (!value) return null
  const time = new Date(value)
  return Number.isNaN(time.getTime()) ? null : time.toISOString()
}

function matches(entry: CatalogEntry, query: MarketplaceQuery): boolean {
  const q = query.q?.toLowerCase()
  const text = [entry.pluginId, entry.name, entry.description].some((field) =>
    field.toLowerCase().includes(q ?? ''),
  )
  return (!q || text) && (!query.category || entry.categories.includes(query.category))
}

function manifestProblems(manifest: unknown, pluginId: string, version: string): string[] {
  const result = validateManifest(manifest)
  if (!result.ok) return result.problems
  const problems: string[] = []
  if (result.manifest.id !== pluginId) problems.push(`id: expected ${pluginId} (its package name)`)
  if (result.manifest.version !== version) problems.push(`version: expected ${version} (its package version)`)
  return problems
}

/** plugin.json and CHANGELOG.md of a checked tarball, read without unpacking it. */
async function readMeta(file: string): Promise<PackageMeta> {
  const wanted = new Map<string, Buffer[]>([
    ['plugin.json', []],
    ['CHANGELOG.md', []],
  ])
  await list({
    file,
    onReadEntry: (entry) => {
      const inside = entry.path.replace(/^[^/]+\//, '')
      const chunks = wanted.get(inside)
      if (chunks && entry.path.split('/').length === 2)
        entry.on('data', (chunk: Buffer) => chunks.push(chunk))
      else entry.resume()
    },
  })
  const text = (name: string) => {
    const chunks = wanted.get(name) ?? []
    return chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : null
  }
  let manifest: unknown = null
  try {
    manifest = JSON.parse(text('plugin.json') ?? 'null')
  } catch {
    manifest = null
  }
  return { manifest, changelog: text('CHANGELOG.md')?.trim() || null }
}
