import { spawn } from 'node:child_process'
import { access, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PluginFolder } from './read-plugin.ts'

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))

/** Runs a child with our output; answers its exit code. */
function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' })
    child.once('error', (error) => {
      console.error(error.message)
      resolve(1)
    })
    child.once('close', (code) => resolve(code ?? 1))
  })
}

/** The TypeScript check of a plugin with a tsconfig.json (esbuild strips types without checking them). */
export async function typeCheck(plugin: PluginFolder): Promise<number | null> {
  const tsconfig = join(plugin.dir, 'tsconfig.json')
  if (
    !plugin.source ||
    !(await access(tsconfig).then(
      () => true,
      () => false,
    ))
  )
    return null
  return run(process.execPath, [TSC, '-p', tsconfig, '--noEmit'], plugin.dir)
}

/** The plugin's own tests (`test/*.test.{ts,mjs,js}`) on Node's test runner, TypeScript through tsx. */
export async function unitTests(plugin: PluginFolder): Promise<number | null> {
  const dir = join(plugin.dir, 'test')
  const files = await readdir(dir).catch(() => [] as string[])
  const tests = files.filter((name) => /\.test\.(?:m|c)?[jt]s$/.test(name)).map((name) => join('test', name))
  if (tests.length === 0) return null
  return run(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--test', '--test-reporter=spec', ...tests],
    plugin.dir,
  )
}
