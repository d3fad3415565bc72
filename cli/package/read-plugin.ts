import { access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { readManifestProblems } from '#server/node-packages/package-manifest.ts'

/** A plugin's folder as the CLI sees it: its manifest, and its TypeScript source when it has one. */
export interface PluginFolder {
  dir: string
  manifest: Manifest
  /** `src/index.ts`, compiled to the manifest's `main`; null for a plain JavaScript plugin. */
  source: string | null
}

/** Thrown for a plugin the CLI cannot work on; each problem is one `what: why` line. */
export class PluginProblems extends Error {
  readonly problems: string[]
  constructor(message: string, problems: string[]) {
    super(message)
    this.name = 'PluginProblems'
    this.problems = problems
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/** Reads `<dir>/plugin.json` with the server's manifest rules; throws PluginProblems listing them. */
export async function readPluginFolder(dirArg: string | undefined): Promise<PluginFolder> {
  const dir = resolve(dirArg ?? '.')
  const read = await readManifestProblems(dir)
  if (!read.manifest) throw new PluginProblems(`${dir}: the manifest is invalid`, read.problems)
  const source = join(dir, 'src', 'index.ts')
  return { dir, manifest: read.manifest, source: (await exists(source)) ? source : null }
}

/** Prints a failure the way every command does: the message, then one line per problem. */
export function printProblems(error: unknown): void {
  if (error instanceof Error && 'problems' in error && Array.isArray(error.problems)) {
    console.error(`✗ ${error.message}`)
    for (const problem of error.problems) console.error(`  - ${problem}`)
    return
  }
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`)
}
