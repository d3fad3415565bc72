import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { typeCheck, unitTests } from '../package/author-checks.ts'
import { printProblems, readPluginFolder } from '../package/read-plugin.ts'
import { stagePackage } from '../package/stage-package.ts'
import { checkInWorker } from '../package/worker-check.ts'

/**
 * `plugboard-plugin test [dir]`: the manifest with the server's rules, the types, the plugin's own
 * tests, then the package loaded in a real worker exactly as the server loads it, and its first
 * health check. Exit 0 only when every module runs and the plugin is healthy.
 */
export async function runTest(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  let plugin: Awaited<ReturnType<typeof readPluginFolder>>
  try {
    plugin = await readPluginFolder(positionals[0])
  } catch (error) {
    printProblems(error)
    return 1
  }
  const { manifest } = plugin
  console.log(`✓ manifest: ${manifest.id}@${manifest.version}, ${manifest.modules.length} module(s)`)
  for (const [what, check] of [
    ['types', typeCheck],
    ['tests', unitTests],
  ] as const) {
    const code = await check(plugin)
    if (code === null) continue
    if (code !== 0) {
      console.error(`✗ ${what}: failed (exit ${code})`)
      return 1
    }
    console.log(`✓ ${what}`)
  }
  let stage: string | null = null
  try {
    stage = await stagePackage(plugin)
    const result = await checkInWorker(stage, manifest)
    let failed = false
    for (const module of result.modules) {
      const ok = module.status === 'running'
      failed ||= !ok
      console[ok ? 'log' : 'error'](
        `${ok ? '✓' : '✗'} module ${module.id}: ${module.status}${module.error ? ` (${module.error})` : ''}`,
      )
    }
    const { status, message, durationMs } = result.health
    const healthy = status === 'healthy'
    failed ||= !healthy
    console[healthy ? 'log' : 'error'](
      `${healthy ? '✓' : '✗'} health: ${status}${message ? ` (${message})` : ''} in ${durationMs} ms`,
    )
    if (failed) console.error(`--- the worker's log ---\n${result.log.trimEnd()}`)
    console.log(failed ? `✗ ${manifest.id} failed` : `✓ ${manifest.id} loads and is healthy`)
    return failed ? 1 : 0
  } catch (error) {
    printProblems(error)
    const detail = (error as { detail?: unknown }).detail
    if (typeof detail === 'string' && detail) console.error(`--- the worker's log ---\n${detail.trimEnd()}`)
    return 1
  } finally {
    if (stage) await rm(stage, { recursive: true, force: true })
  }
}
