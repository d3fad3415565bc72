import { mkdtemp, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '#server/app/packages/package-rules.ts'
import { extractArchive } from './package-archive.ts'
import { copyPackageDir } from './package-dir.ts'
import { sha256Dir, sha256File } from './package-hash.ts'
import { findPackageRoot, verifyPackageDir } from './package-manifest.ts'

export interface UnpackedPackage {
  /** The package root inside the staging directory (holds plugin.json). */
  root: string
  manifest: Manifest
  /** sha256 of the `.tgz`, or of the directory's contents (see sha256Dir). */
  sha256: string
}

/** sha256 of a package source: the archive's bytes, or a directory's contents. */
export async function hashPackage(source: string): Promise<string> {
  return (await stat(source)).isDirectory() ? sha256Dir(source) : sha256File(source)
}

/**
 * Unpacks a directory package or a `.tgz` into `staging/tree` (staging must exist and be ours),
 * then verifies it. Throws PackageInvalidError listing every problem; the caller removes `staging`.
 */
export async function unpackPackage(
  source: string,
  staging: string,
  options: {
    limits?: PackageLimits
    expected?: { pluginId: string; version: string; sha256?: string | null }
  } = {},
): Promise<UnpackedPackage> {
  const limits = options.limits ?? DEFAULT_PACKAGE_LIMITS
  const sha256 = await hashPackage(source)
  const expectedHash = options.expected?.sha256
  if (expectedHash && expectedHash !== sha256) {
    throw new PackageInvalidError('The package does not match its checksum', [
      `sha256: expected ${expectedHash}, got ${sha256}`,
    ])
  }
  const tree = join(staging, 'tree')
  if ((await stat(source)).isDirectory()) await copyPackageDir(source, tree, limits)
  else await extractArchive(source, tree, limits)
  const root = await findPackageRoot(tree)
  const manifest = await verifyPackageDir(root, options.expected)
  return { root, manifest, sha256 }
}

/**
 * Reads a package once to show what it is (an upload's answer): unpacks it into a temporary
 * directory under `tmpParent`, verifies it, and removes the copy.
 */
export async function inspectPackage(
  source: string,
  tmpParent: string,
  limits: PackageLimits = DEFAULT_PACKAGE_LIMITS,
): Promise<{ manifest: Manifest; sha256: string }> {
  const staging = await mkdtemp(join(tmpParent, 'inspect-'))
  try {
    const { manifest, sha256 } = await unpackPackage(source, staging, { limits })
    return { manifest, sha256 }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
