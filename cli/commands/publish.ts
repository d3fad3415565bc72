import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { parseArgs } from 'node:util'
import { inspectPackage } from '#server/node-packages/package-reader.ts'
import { pluginPackageJson, publishDir } from '../../scripts/registry/publish.ts'
import { printProblems, readPluginFolder } from '../package/read-plugin.ts'
import { stagePackage } from '../package/stage-package.ts'

/**
 * `plugboard-plugin publish [dir] --registry <url> --token <token>`: builds the package and
 * publishes it as `@org/name` with the plugin keyword, so a registry source lists it in the
 * Marketplace. `PLUGBOARD_REGISTRY_TOKEN` may stand in for `--token` (keeps it out of shell history).
 */
export async function runPublish(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { registry: { type: 'string' }, token: { type: 'string' } },
  })
  const registry = values.registry?.replace(/\/+$/, '')
  const token = values.token ?? process.env.PLUGBOARD_REGISTRY_TOKEN
  if (!registry || !token) {
    console.error('usage: plugboard-plugin publish [dir] --registry <url> --token <token>')
    return 2
  }
  let stage: string | null = null
  try {
    const plugin = await readPluginFolder(positionals[0])
    stage = await stagePackage(plugin)
    // The server's checks before anything leaves the machine: a registry keeps what it is sent.
    await inspectPackage(stage, tmpdir())
    const packageJson = pluginPackageJson(plugin.manifest)
    const { integrity, tarball } = await publishDir(registry, token, stage, packageJson)
    console.log(`✓ published ${packageJson.name}@${packageJson.version} to ${registry}`)
    console.log(`tarball: ${tarball}`)
    console.log(`integrity: ${integrity}`)
    return 0
  } catch (error) {
    printProblems(error)
    return 1
  } finally {
    if (stage) await rm(stage, { recursive: true, force: true })
  }
}
