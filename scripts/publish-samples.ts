import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareSemver } from '#core/manifest/semver.ts'
import { pluginPackageJson, publishDir } from './registry/publish.ts'

/** One sample version folder, `<catalog>/<org>/<name>/<version>/`. */
interface SampleVersion {
  org: string
  name: string
  version: string
  dir: string
}

async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)
}

async function sampleVersions(catalogDir: string): Promise<SampleVersion[]> {
  const found: SampleVersion[] = []
  for (const org of await folders(catalogDir)) {
    for (const name of await folders(join(catalogDir, org))) {
      const versions = (await folders(join(catalogDir, org, name))).sort(compareSemver)
      for (const version of versions)
        found.push({ org, name, version, dir: join(catalogDir, org, name, version) })
    }
  }
  return found
}

/**
 * Publishes every sample plugin of the catalog folder as `@<org>/<name>`, oldest version first (so
 * `latest` ends on the newest), with a generated package.json carrying the plugin keyword.
 * `only` limits it to some plugins (`org/name`) or versions (`org/name@1.0.0`).
 */
export async function publishSamples(
  registryUrl: string,
  token: string,
  options: { catalogDir?: string; only?: string[] } = {},
): Promise<string[]> {
  const published: string[] = []
  for (const sample of await sampleVersions(options.catalogDir ?? resolve('catalog'))) {
    const pluginId = `${sample.org}/${sample.name}`
    const wanted = [pluginId, `${pluginId}@${sample.version}`]
    if (options.only && !options.only.some((name) => wanted.includes(name))) continue
    const manifest = JSON.parse(await readFile(join(sample.dir, 'plugin.json'), 'utf8').catch(() => '{}'))
    // The folder's names, not the manifest's: a broken sample is published as it is, to be refused.
    await publishDir(
      registryUrl,
      token,
      sample.dir,
      pluginPackageJson({ id: pluginId, version: sample.version, description: manifest.description }),
    )
    published.push(`@${pluginId}@${sample.version}`)
  }
  return published
}

// `npx tsx scripts/publish-samples.ts <registry-url> <token>`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, token] = process.argv.slice(2)
  if (!url || !token) {
    console.error('usage: npx tsx scripts/publish-samples.ts <registry-url> <token>')
    process.exit(2)
  }
  const published = await publishSamples(url.replace(/\/$/, ''), token)
  console.log(`published ${published.length} versions to ${url}:\n  ${published.join('\n  ')}`)
}
