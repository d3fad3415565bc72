import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PluginRefSchema } from '#core/api/common-schemas.ts'
import {
  changelogFile,
  gitignoreFile,
  manifestFile,
  packageFile,
  readmeFile,
  type ScaffoldInput,
  sourceFile,
  testFile,
  tsconfigFile,
} from '../scaffold/templates.ts'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

const titleOf = (name: string) =>
  name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')

/** `plugboard-plugin new <org/name> [--dir <folder>] [--author <text>]`: a plugin that passes `test`. */
export async function runNew(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { dir: { type: 'string' }, author: { type: 'string' } },
  })
  const pluginId = positionals[0] ?? ''
  const checked = PluginRefSchema.safeParse(pluginId)
  if (!checked.success) {
    console.error(
      `usage: plugboard-plugin new <org/name>; "${pluginId}" is not a plugin id (lowercase org/name)`,
    )
    return 2
  }
  const name = pluginId.split('/')[1] ?? pluginId
  const dir = resolve(values.dir ?? name)
  const existing = await readdir(dir).catch(() => [])
  if (existing.length > 0) {
    console.error(`${dir} is not empty: choose another --dir`)
    return 1
  }
  const input: ScaffoldInput = {
    pluginId,
    title: titleOf(name),
    author: values.author ?? 'Me',
    repo: relative(dir, REPO).replaceAll('\\', '/') || '.',
  }
  const files: Record<string, string> = {
    'plugin.json': manifestFile(input),
    'src/index.ts': sourceFile(),
    'test/plugin.test.ts': testFile(),
    'tsconfig.json': tsconfigFile(input),
    'package.json': packageFile(),
    'README.md': readmeFile(input),
    'CHANGELOG.md': changelogFile(),
    '.gitignore': gitignoreFile(),
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  console.log(`✓ created ${pluginId} in ${dir}`)
  console.log(`next: npx plugboard-plugin test ${relative(process.cwd(), dir) || '.'}`)
  return 0
}
