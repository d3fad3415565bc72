import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CatalogEntry, MarketplaceQuery } from '#core/api/marketplace-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { compareSemver } from '#core/manifest/semver.ts'
import type { Catalog, PackageInfo } from '#server/app/ports.ts'
import { sha256Dir } from '#server/node-packages/package-hash.ts'
import { readManifestProblems } from '#server/node-packages/package-manifest.ts'
import { packageInfoOf } from './package-info-of.ts'

/** One `<org>/<name>/<version>/` directory as scanned. */
interface CatalogVersionDir {
  pluginId: string
  version: string
  dir: string
  manifest: Manifest | null
  raw: unknown
  problems: string[]
  changelog: string | null
}

export interface FsCatalogOptions {
  root: string
  warn?: (message: string) => void
}

/**
 * The Catalog port over a folder of plugin packages, `<root>/<org>/<name>/<version>/`. Versions with
 * a broken manifest are listed from what can be read of them (with a warning) and resolve, so
 * installing one fails in the runtime's verify step with every problem listed.
 */
export class FsCatalog implements Catalog {
  readonly root: string
  private readonly warn: (message: string) => void
  private scan: Promise<CatalogVersionDir[]> | null = null

  constructor(options: FsCatalogOptions) {
    this.root = options.root
    this.warn = options.warn ?? ((message) => console.warn(message))
  }

  /** Forgets the scanned folder; the next read scans it again. */
  refresh(): void {
    this.scan = null
  }

  async list(query: MarketplaceQuery): Promise<CatalogEntry[]> {
    const entries = groupEntries(await this.versions())
    const q = query.q?.toLowerCase()
    return entries.filter(
      (entry) =>
        (!q ||
          [entry.pluginId, entry.name, entry.description].some((text) => text.toLowerCase().includes(q))) &&
        (!query.category || entry.categories.includes(query.category)),
    )
  }

  async get(pluginId: string): Promise<CatalogEntry | null> {
    return groupEntries(await this.versions()).find((entry) => entry.pluginId === pluginId) ?? null
  }

  async resolve(pluginId: string, version: string): Promise<PackageInfo | null> {
    const found = (await this.versions()).find((v) => v.pluginId === pluginId && v.version === version)
    if (!found) return null
    const sha256 = await sha256Dir(found.dir)
    return toPackageInfo(found, sha256)
  }

  /** Where a catalog version's files are, for the runtime to copy from; null when unknown. */
  async locate(pluginId: string, version: string): Promise<string | null> {
    const found = (await this.versions()).find((v) => v.pluginId === pluginId && v.version === version)
    return found?.dir ?? null
  }

  private versions(): Promise<CatalogVersionDir[]> {
    if (!this.scan) {
      this.scan = scanCatalog(this.root)
      this.scan.then(
        (versions) => {
          for (const v of versions) {
            if (v.problems.length > 0) {
              this.warn(`catalog: skipping ${v.pluginId}@${v.version}: ${v.problems.join('; ')}`)
            }
          }
        },
        () => {
          this.scan = null
        },
      )
    }
    return this.scan
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name)
  } catch {
    return []
  }
}

async function scanCatalog(root: string): Promise<CatalogVersionDir[]> {
  const found: CatalogVersionDir[] = []
  for (const org of await subdirs(root)) {
    for (const name of await subdirs(join(root, org))) {
      for (const version of await subdirs(join(root, org, name))) {
        const dir = join(root, org, name, version)
        const pluginId = `${org}/${name}`
        const read = await readManifestProblems(dir)
        const problems = [...read.problems]
        if (read.manifest && read.manifest.id !== pluginId)
          problems.push(`id: expected ${pluginId} (its folder)`)
        if (read.manifest && read.manifest.version !== version)
          problems.push(`version: expected ${version} (its folder)`)
        const changelog = await readFile(join(dir, 'CHANGELOG.md'), 'utf8').then(
          (text) => text.trim(),
          () => null,
        )
        const raw = read.manifest ? read.manifest : read.raw
        found.push({ pluginId, version, dir, manifest: read.manifest, raw, problems, changelog })
      }
    }
  }
  return found
}

function groupEntries(versions: CatalogVersionDir[]): CatalogEntry[] {
  const byPlugin = new Map<string, CatalogVersionDir[]>()
  for (const v of versions) byPlugin.set(v.pluginId, [...(byPlugin.get(v.pluginId) ?? []), v])
  const entries: CatalogEntry[] = []
  for (const [pluginId, list] of byPlugin) {
    list.sort((a, b) => compareSemver(b.version, a.version))
    const newest = list[0]
    if (!newest) continue
    // A broken manifest is listed from what can be read of it: an admin may try it and see, in the
    // task, every problem that refuses it.
    const latest = toPackageInfo(newest, '')
    entries.push({
      pluginId,
      name: latest.name,
      description: latest.description,
      author: latest.author,
      icon: latest.icon,
      categories: latest.categories,
      versions: list.map((v) => ({
        version: v.version,
        capabilities: toPackageInfo(v, '').capabilities,
        minHostVersion: v.manifest?.minHostVersion ?? null,
        publishedAt: null,
        changelog: v.changelog,
      })),
      latestVersion: newest.version,
      bundle: null,
    })
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name))
}

function toPackageInfo(found: CatalogVersionDir, sha256: string): PackageInfo {
  return packageInfoOf(found.raw, found.pluginId, found.version, {
    type: 'marketplace',
    packageId: null,
    sha256,
  })
}
