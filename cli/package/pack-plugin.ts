import { createHash } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { inspectPackage } from '#server/node-packages/package-reader.ts'
import { packTarball, pluginPackageJson } from '../../scripts/registry/publish.ts'
import type { PluginFolder } from './read-plugin.ts'
import { PluginProblems } from './read-plugin.ts'
import { stagePackage } from './stage-package.ts'

export interface PackedPlugin {
  file: string
  sha256: string
  bytes: number
}

/**
 * Builds and packs a plugin the way it is published (npm's `package/` layout, the generated
 * package.json), writes the `.tgz`, then reads that file back through the server's own package
 * checks (`inspectPackage`, what an upload goes through): a package `pack` answers is one the
 * server accepts, and the sha256 is the one the server reports.
 */
export async function packPlugin(plugin: PluginFolder, out?: string): Promise<PackedPlugin> {
  const { manifest } = plugin
  const stage = await stagePackage(plugin)
  try {
    const tgz = await packTarball(stage, pluginPackageJson(manifest))
    const file = resolve(out ?? join(plugin.dir, `${manifest.id.replace('/', '-')}-${manifest.version}.tgz`))
    await writeFile(file, tgz)
    const sha256 = createHash('sha256').update(tgz).digest('hex')
    const checked = await inspectPackage(file, tmpdir())
    if (checked.sha256 !== sha256) {
      throw new PluginProblems('the package changed while it was checked', [`sha256: ${checked.sha256}`])
    }
    return { file, sha256, bytes: tgz.length }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}
