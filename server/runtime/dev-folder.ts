import { mkdtemp, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import type { PackageLimits } from '#server/app/packages/package-rules.ts'
import { StepFailure } from '#server/app/ports.ts'
import { copyPackageDir } from '#server/node-packages/package-dir.ts'
import { verifyPackageDir } from '#server/node-packages/package-manifest.ts'
import { type PluginPaths, versionDir } from './plugin-files.ts'

/** The largest snapshot a worker may hand over across a reload (its JSON text). */
export const SNAPSHOT_MAX_BYTES = 1024 * 1024

let taken = 0

/**
 * Dev mode: copies a plugin folder's current files into a new version directory of the plugin,
 * held to the package rules (regular files only, within the caps, a valid manifest of the same
 * plugin). The directory is named after the manifest's version and the reload
 * (`1.2.0-dev.<n>`), so every reload has its own and the last good one stays beside it.
 */
export async function takeDevFolder(
  folder: string,
  paths: PluginPaths,
  pluginRef: string,
  limits: PackageLimits,
): Promise<string> {
  const staging = await mkdtemp(join(paths.dir, '.staging-'))
  const tree = join(staging, 'tree')
  let step = 'copy'
  try {
    await copyPackageDir(folder, tree, limits)
    step = 'verify'
    const manifest = await verifyPackageDir(tree)
    if (manifest.id !== pluginRef) {
      throw new PackageInvalidError('The folder holds another plugin', [
        `id: ${manifest.id}, not ${pluginRef}`,
      ])
    }
    const separator = manifest.version.includes('-') ? '.' : '-'
    const name = `${manifest.version}${separator}dev.${Date.now().toString(36)}${(++taken).toString(36)}`
    await rename(tree, versionDir(paths, name))
    return name
  } catch (error) {
    if (error instanceof PackageInvalidError) {
      const problems = error.problems.join('; ')
      throw new StepFailure(
        step,
        'PACKAGE_INVALID',
        `${error.message}: ${problems}`,
        error.problems.join('\n'),
      )
    }
    const message = error instanceof Error ? error.message : String(error)
    throw new StepFailure(step, 'STEP_FAILED', `could not take the files of ${folder}: ${message}`)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
