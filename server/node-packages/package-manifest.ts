import { access, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import { manifestFitProblems, packageRootOf, parseManifest } from '#server/app/packages/package-rules.ts'

/** The package's root inside an unpacked tree (see packageRootOf). */
export async function findPackageRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true })
  const root = packageRootOf(entries.map((entry) => ({ name: entry.name, directory: entry.isDirectory() })))
  return root === null ? dir : join(dir, root)
}

/** Reads `plugin.json` and lists every problem with it as `path: message`. */
export async function readManifestProblems(dir: string): Promise<ReturnType<typeof parseManifest>> {
  let text: string | null
  try {
    text = await readFile(join(dir, 'plugin.json'), 'utf8')
  } catch {
    text = null
  }
  return parseManifest(text)
}

/**
 * Reads and checks an unpacked package: a valid manifest, the expected id and version when given,
 * a host new enough, and an entry file that exists. Throws PackageInvalidError listing every problem.
 */
export async function verifyPackageDir(
  dir: string,
  expected?: { pluginId: string; version: string },
): Promise<Manifest> {
  const read = await readManifestProblems(dir)
  if (!read.manifest) throw new PackageInvalidError('The plugin manifest is invalid', read.problems)
  const manifest = read.manifest
  const mainExists = await access(join(dir, manifest.main)).then(
    () => true,
    () => false,
  )
  const problems = manifestFitProblems(manifest, { mainExists, expected })
  if (problems.length > 0) throw new PackageInvalidError('The plugin package is invalid', problems)
  return manifest
}
