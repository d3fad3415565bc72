import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { PluginFolder } from './read-plugin.ts'
import { PluginProblems } from './read-plugin.ts'

/**
 * Compiles `src/index.ts` into the manifest's `main` under `outDir` (a package's staging folder) as
 * one file: the SDK's helpers and anything else the source imports are bundled in, Node's own
 * modules stay imports. The package then has no runtime dependency and the worker needs no
 * TypeScript loader. A plain JavaScript plugin is left as it is.
 */
export async function buildEntry(plugin: PluginFolder, outDir: string): Promise<void> {
  if (!plugin.source) return
  const tsconfig = join(plugin.dir, 'tsconfig.json')
  const hasTsconfig = await access(tsconfig).then(
    () => true,
    () => false,
  )
  try {
    await build({
      entryPoints: [plugin.source],
      outfile: join(outDir, plugin.manifest.main),
      absWorkingDir: plugin.dir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: plugin.manifest.main.endsWith('.cjs') ? 'cjs' : 'esm',
      ...(hasTsconfig ? { tsconfig } : {}),
      logLevel: 'silent',
    })
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors
    const lines = errors?.map((e) =>
      e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text,
    )
    throw new PluginProblems('the build failed', lines ?? [String(error)])
  }
}
