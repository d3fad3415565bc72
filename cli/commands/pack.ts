import { parseArgs } from 'node:util'
import { packPlugin } from '../package/pack-plugin.ts'
import { printProblems, readPluginFolder } from '../package/read-plugin.ts'

/** `plugboard-plugin pack [dir] [--out file.tgz]`: prints the archive's path, then its sha256. */
export async function runPack(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  })
  try {
    const plugin = await readPluginFolder(positionals[0])
    const packed = await packPlugin(plugin, values.out)
    console.log(`✓ packed ${plugin.manifest.id}@${plugin.manifest.version} (${packed.bytes} bytes)`)
    console.log(`file: ${packed.file}`)
    console.log(`sha256: ${packed.sha256}`)
    return 0
  } catch (error) {
    printProblems(error)
    return 1
  }
}
