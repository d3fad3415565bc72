import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildEntry } from './build-entry.ts'
import type { PluginFolder } from './read-plugin.ts'

/**
 * What stays out of a package: sources, tests and tooling (the compiled `main` goes in instead), and
 * anything hidden. A plain JavaScript plugin has none of these, so all its files go in.
 */
const LEFT_OUT = new Set(['node_modules', 'src', 'test', 'tests', 'package.json', 'package-lock.json'])
const leftOut = (name: string) =>
  LEFT_OUT.has(name) ||
  name.startsWith('.') ||
  name.endsWith('.tgz') ||
  /\.(?:m|c)?ts$/.test(name) ||
  name.startsWith('tsconfig')

/**
 * The package as `test`, `pack`, `publish` and `dev` hand it on, in a fresh temporary folder (the
 * answer): the files a package holds, and for a TypeScript plugin its entry built into `main`
 * there. The author's folder is never written to. Throws PluginProblems when the build fails.
 */
export async function stagePackage(plugin: PluginFolder): Promise<string> {
  const stage = await mkdtemp(join(tmpdir(), 'plugboard-plugin-stage-'))
  const copy = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(plugin.dir, rel), { withFileTypes: true })) {
      if (leftOut(entry.name)) continue
      const path = rel ? join(rel, entry.name) : entry.name
      if (entry.isDirectory()) {
        await mkdir(join(stage, path))
        await copy(path)
      } else if (entry.isFile()) {
        await copyFile(join(plugin.dir, path), join(stage, path))
      }
    }
  }
  try {
    await copy('')
    await buildEntry(plugin, stage)
    return stage
  } catch (error) {
    await rm(stage, { recursive: true, force: true })
    throw error
  }
}
