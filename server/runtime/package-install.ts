import { access, copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import type { PackageLimits } from '#server/app/packages/package-rules.ts'
import { type OperationContext, type PackageInfo, StepFailure } from '#server/app/ports.ts'
import { extractArchive, inspectArchive } from '#server/node-packages/package-archive.ts'
import { copyPackageDir } from '#server/node-packages/package-dir.ts'
import { sha256Dir, sha256File } from '#server/node-packages/package-hash.ts'
import { findPackageRoot, verifyPackageDir } from '#server/node-packages/package-manifest.ts'
import { type PluginPaths, readState, versionDir, writeState } from './plugin-files.ts'

export interface ReceiveRequest {
  ctx: OperationContext
  pkg: PackageInfo
  /** A package directory or a `.tgz`. */
  source: string
  paths: PluginPaths
  limits: PackageLimits
  /** `install` makes it the current version; `stage` puts it beside the current one. */
  mode: 'install' | 'stage'
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/**
 * Fetches a package into the plugin's place: copy/receive → verify (sha256, entries) → extract →
 * verify (manifest, id, version, host version) → register. Everything happens in a staging directory
 * beside the versions; any failure removes it, and a plugin directory this call created, so nothing
 * is left behind.
 */
export async function receivePackage(request: ReceiveRequest): Promise<Manifest> {
  const { ctx, pkg, source, paths, limits, mode } = request
  const createdDir = !(await exists(paths.dir))
  await mkdir(paths.dir, { recursive: true })
  const staging = await mkdtemp(join(paths.dir, '.staging-'))
  let step = 'download'
  const enter = async (name: string, progress: number, message: string) => {
    if (ctx.signal.aborted) throw new StepFailure(step, 'CANCELLED', 'The operation was cancelled')
    step = name
    await ctx.report({ step: name, progress, message })
  }
  try {
    await enter('download', 10, `Fetching ${pkg.pluginId}@${pkg.version}`)
    const isDir = (await stat(source)).isDirectory()
    const tree = join(staging, 'tree')
    const archive = join(staging, 'package.tgz')
    if (isDir) await copyPackageDir(source, tree, limits)
    else await copyFile(source, archive)

    await enter('verify', 30, 'Checking the checksum and contents')
    const sha256 = isDir ? await sha256Dir(tree) : await sha256File(archive)
    if (pkg.source.sha256 && pkg.source.sha256 !== sha256) {
      throw new PackageInvalidError('The package does not match its checksum', [
        `sha256: expected ${pkg.source.sha256}, got ${sha256}`,
      ])
    }
    if (!isDir) {
      const problems = await inspectArchive(archive, limits)
      if (problems.length > 0) throw new PackageInvalidError('The package archive is not allowed', problems)
    }

    await enter('extract', 50, 'Unpacking')
    if (!isDir) await extractArchive(archive, tree, limits)

    await enter('verify', 70, 'Checking the manifest')
    const root = await findPackageRoot(tree)
    const manifest = await verifyPackageDir(root, { pluginId: pkg.pluginId, version: pkg.version })

    await enter('register', 90, `Registering version ${manifest.version}`)
    const state = await readState(paths)
    if (mode === 'stage' && state.current === manifest.version) {
      throw new StepFailure('register', 'CONFLICT', `${manifest.version} is already the current version`)
    }
    const target = versionDir(paths, manifest.version)
    await mkdir(paths.versions, { recursive: true })
    await rm(target, { recursive: true, force: true })
    await rename(root, target)
    await mkdir(paths.data, { recursive: true })
    const next =
      mode === 'install'
        ? { current: manifest.version, staged: null, previous: [] }
        : { ...state, staged: manifest.version }
    await writeState(paths, next)
    return manifest
  } catch (error) {
    if (createdDir) await rm(paths.dir, { recursive: true, force: true })
    throw toStepFailure(step, error)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

function toStepFailure(step: string, error: unknown): StepFailure {
  if (error instanceof StepFailure) return error
  if (error instanceof PackageInvalidError) {
    return new StepFailure(
      step,
      'PACKAGE_INVALID',
      `${error.message}: ${error.problems.join('; ')}`,
      error.problems.join('\n'),
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new StepFailure(
    step,
    'STEP_FAILED',
    `The ${step} step failed: ${message}`,
    (error as Error)?.stack ?? null,
  )
}
