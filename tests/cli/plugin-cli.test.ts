import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { inspectPackage } from '#server/node-packages/package-reader.ts'
import { PLUGIN_KEYWORD } from '#server/registry/npm-registries.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { type LocalRegistry, startVerdaccio } from '../../scripts/registry/verdaccio.ts'
import { runPluginCli } from './run-plugin-cli.ts'

// The author's path from a clean folder, each step the real CLI in its own process: new → test →
// pack (checked with the server's own package reader) → publish to a real Verdaccio.
let work: string
let registry: LocalRegistry

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-cli-'))
  registry = await startVerdaccio()
})

afterAll(async () => {
  await registry?.stop()
  await rm(work, { recursive: true, force: true })
})

test(
  'a scaffolded plugin passes test, packs into an archive the server accepts, and publishes',
  async () => {
    const created = await runPluginCli(['new', 'acme/weather-now', '--author', 'Acme'], work)
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    const dir = join(work, 'weather-now')
    const manifest = JSON.parse(await readFile(join(dir, 'plugin.json'), 'utf8'))
    expect(manifest).toMatchObject({ id: 'acme/weather-now', author: 'Acme', main: 'dist/plugin.mjs' })
    // The $schema link resolves to the generated schema in this checkout.
    const schema = JSON.parse(await readFile(join(dir, manifest.$schema), 'utf8'))
    expect(schema.title).toMatch(/plugin manifest/)

    const tested = await runPluginCli(['test', 'weather-now'], work)
    expect(tested.code, tested.stdout + tested.stderr).toBe(0)
    expect(tested.stdout).toMatch(/✓ types/)
    expect(tested.stdout).toMatch(/✓ tests/)
    expect(tested.stdout).toMatch(/✓ module greeter: running/)
    expect(tested.stdout).toMatch(/✓ health: healthy/)

    const packed = await runPluginCli(['pack', 'weather-now'], work)
    expect(packed.code, packed.stderr).toBe(0)
    const file = /^file: (.+)$/m.exec(packed.stdout)?.[1] ?? ''
    const printed = /^sha256: ([0-9a-f]{64})$/m.exec(packed.stdout)?.[1]
    const bytes = await readFile(file)
    expect(printed).toBe(createHash('sha256').update(bytes).digest('hex'))
    const checked = await inspectPackage(file, work)
    expect(checked).toMatchObject({ sha256: printed, manifest: { id: 'acme/weather-now', version: '0.1.0' } })

    const published = await runPluginCli(
      ['publish', 'weather-now', '--registry', registry.url, '--token', registry.token],
      work,
    )
    expect(published.code, published.stderr).toBe(0)
    const packument = await (await fetch(`${registry.url}/@acme%2fweather-now`)).json()
    expect(packument['dist-tags']).toEqual({ latest: '0.1.0' })
    expect(packument.versions['0.1.0'].keywords).toContain(PLUGIN_KEYWORD)
  },
  scaled(120_000),
)

test('usage errors exit 2 and say what was expected', async () => {
  const badId = await runPluginCli(['new', 'Not An Id'], work)
  expect(badId).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a plugin id/) })
  const unknown = await runPluginCli(['nope'], work)
  expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "nope"/) })
  const noToken = await runPluginCli(['publish', '.', '--registry', 'http://127.0.0.1:9'], work)
  expect(noToken).toMatchObject({ code: 2, stderr: expect.stringMatching(/--token/) })
})
