import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create } from 'tar'
import { packageNameOf } from '#server/app/sources/package-name.ts'
import { PLUGIN_KEYWORD } from '#server/registry/npm-registries.ts'

/** What a package's `package.json` says when it is published. */
export interface PublishedPackage {
  name: string
  version: string
  description?: string
  keywords?: string[]
  [field: string]: unknown
}

/**
 * The package.json a plugin is published with: `@org/name` from the manifest id, and the keyword
 * registry sources search for. Plugins carry none of their own (it would be the author's tooling).
 */
export function pluginPackageJson(manifest: { id: string; version: string; description?: unknown }) {
  return {
    name: packageNameOf(manifest.id),
    version: manifest.version,
    description: typeof manifest.description === 'string' ? manifest.description : '',
    keywords: [PLUGIN_KEYWORD],
    license: 'MIT',
  } satisfies PublishedPackage
}

/** `npm pack`'s layout: everything under `package/`, with the package.json given (samples have none). */
export async function packTarball(dir: string, packageJson: PublishedPackage): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'plugboard-pack-'))
  try {
    await cp(dir, join(work, 'package'), { recursive: true })
    await writeFile(join(work, 'package', 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`)
    const chunks: Buffer[] = []
    for await (const chunk of create({ gzip: true, cwd: work, portable: true }, ['package'])) {
      chunks.push(Buffer.from(chunk as Uint8Array))
    }
    return Buffer.concat(chunks)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * Publishes a folder as `packageJson.name@version` with the registry's own publish call (the
 * document npm sends: the version's metadata with `dist`, the tarball as an attachment).
 */
export async function publishDir(
  registryUrl: string,
  token: string,
  dir: string,
  packageJson: PublishedPackage,
): Promise<{ integrity: string; tarball: string }> {
  const tgz = await packTarball(dir, packageJson)
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`
  const shasum = createHash('sha1').update(tgz).digest('hex')
  const { name, version } = packageJson
  const file = `${name.split('/').pop()}-${version}.tgz`
  const tarball = `${registryUrl}/${name}/-/${file}`
  const readme = await readFile(join(dir, 'README.md'), 'utf8').catch(() => '')
  const document = {
    _id: name,
    name,
    description: packageJson.description ?? '',
    'dist-tags': { latest: version },
    versions: {
      [version]: { ...packageJson, _id: `${name}@${version}`, readme, dist: { integrity, shasum, tarball } },
    },
    readme,
    _attachments: {
      [file]: { content_type: 'application/octet-stream', data: tgz.toString('base64'), length: tgz.length },
    },
  }
  const response = await fetch(`${registryUrl}/${name.replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(document),
  })
  if (!response.ok)
    throw new Error(`publishing ${name}@${version} failed: ${response.status} ${await response.text()}`)
  return { integrity, tarball }
}
