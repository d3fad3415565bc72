import { createHash } from 'node:crypto'
import { chmod, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PluginFolder } from './read-plugin.ts'
import { stagePackage } from './stage-package.ts'

/**
 * Where `plugin dev` keeps the package the server reads for a plugin folder: the same place on
 * every run, so a plugin registered by an earlier `plugin dev` reloads from it again.
 */
export function devStagePath(dir: string): string {
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 16)
  return join(tmpdir(), `plugboard-dev-${key}`)
}

/**
 * Dev mode hands the server the package `pack` would publish, not the author's folder: the entry
 * built from `src/`, without sources, tests and tooling. It is built aside and swapped in whole, so
 * a build that fails leaves the last good package in place (and the server is not asked to reload).
 */
export async function stageForDev(plugin: PluginFolder, target: string): Promise<void> {
  const fresh = await stagePackage(plugin)
  // mkdtemp's folders are private to this user; the dev server may run as another one.
  await chmod(fresh, 0o755)
  await rm(target, { recursive: true, force: true })
  await rename(fresh, target)
}
