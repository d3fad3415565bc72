import { access, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Manifest, validateManifest } from '#core/manifest/manifest-schema.ts'
import { compareSemver, HOST_VERSION } from '#core/manifest/semver.ts'
import { PackageInvalidError } from './package-limits.ts'

/**
 * The package's root inside an unpacked tree: the tree itself when it holds `plugin.json`, or its one
 * top-level folder (archives made by `npm pack` put everything under `package/`).
 */
export async function findPackageRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true })
  if (entries.some((entry) => entry.name === 'plugin.json')) return dir
  const [only] = entries
  if (entries.length === 1 && only?.isDirectory()) return join(dir, only.name)
  return dir
}

/** Reads `plugin.json` and lists every problem with it as `path: message`. */
export async function readManifestProblems(
  dir: string,
): Promise<{ manifest: Manifest; problems: [] } | { manifest: null; raw: unknown; problems: string[] }> {
  let text: string
  try {
    text = await readFile(join(dir, 'plugin.json'), 'utf8')
  } catch {
    return { manifest: null, raw: null, problems: ['plugin.json: missing'] }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return {
      manifest: null,
      raw: null,
      problems: [`plugin.json: not valid JSON (${(error as Error).message})`],
    }
  }
  const result = validateManifest(raw)
  return result.ok
    ? { manifest: result.manifest, problems: [] }
    : { manifest: null, raw, problems: result.problems }
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
  const problems: string[] = []
  if (expected && manifest.id !== expected.pluginId) problems.push(`id: expected ${expected.pluginId}`)
  if (expected && manifest.version !== expected.version)
    problems.push(`version: expected ${expected.version}`)
  if (compareSemver(manifest.minHostVersion, HOST_VERSION) > 0) {
    problems.push(`minHostVersion: needs host ${manifest.minHostVersion}, this host is ${HOST_VERSION}`)
  }
  try {
    await access(join(dir, manifest.main))
  } catch {
    problems.push(`main: ${manifest.main} does not exist in the package`)
  }
  if (problems.length > 0) throw new PackageInvalidError('The plugin package is invalid', problems)
  return manifest
}
