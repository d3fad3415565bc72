import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { runPluginCli } from './run-plugin-cli.ts'

// `plugboard-plugin test` fails, naming the module, when the real worker says something is wrong.
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-cli-fail-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** A scaffolded plugin whose module is replaced by `source` (its own test removed, so the worker runs it). */
async function pluginWith(name: string, source: string): Promise<string> {
  const created = await runPluginCli(['new', `acme/${name}`], work)
  expect(created.code).toBe(0)
  const dir = join(work, name)
  await rm(join(dir, 'test'), { recursive: true })
  await writeFile(join(dir, 'src', 'index.ts'), source)
  return dir
}

test(
  'a module that throws in onLoad fails the test with its id and error',
  async () => {
    const dir = await pluginWith(
      'broken',
      `import { definePlugin } from 'plugboard/sdk'
export default definePlugin({
  modules: {
    greeter: {
      onLoad() {
        throw new Error('cannot reach the weather service')
      },
    },
  },
})
`,
    )
    const run = await runPluginCli(['test', dir], work)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/✗ module greeter: stopped \(Error: cannot reach the weather service\)/)
    expect(run.stderr).toMatch(/✗ health: degraded/)
  },
  scaled(60_000),
)

test(
  'a module that reports itself unhealthy fails the test; the report names the module',
  async () => {
    const dir = await pluginWith(
      'sulky',
      `import { definePlugin } from 'plugboard/sdk'
export default definePlugin({
  modules: {
    greeter: {
      onLoad(_config, context) {
        context.log.warn('no forecast yet')
        context.reportStatus('unhealthy', 'no forecast')
      },
    },
  },
})
`,
    )
    const run = await runPluginCli(['test', dir], work)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/✓ module greeter: running/)
    expect(run.stderr).toMatch(/✗ health: unhealthy \(greeter: no forecast\)/)
    // The context's logger writes to the plugin's log, tagged with the module.
    expect(run.stderr).toMatch(/\[greeter\] no forecast yet/)
  },
  scaled(60_000),
)
