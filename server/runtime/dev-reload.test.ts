import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { PackageInfo } from '#server/app/ports.ts'
import { failureOf, isAlive, pluginRow, runtimeFixture, WS } from './runtime.test-helpers.ts'

const { setup } = runtimeFixture()
const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

const MANIFEST = {
  id: 'dev/counter',
  name: 'Counter',
  version: '1.0.0',
  description: 'A plugin in development',
  author: 'test',
  icon: null,
  categories: [],
  capabilities: [],
  modules: [{ id: 'counter', name: 'Counter', type: 'service' }],
  main: 'index.mjs',
  minHostVersion: '0.1.0',
}

/** The counter plugin's code: `bump` counts, and the count crosses reloads through its hooks. */
const counterCode = (label: string) => `
let count = 0
export default {
  modules: {
    counter: {
      onLoad() { console.log('counter ${label} loaded') },
      onSnapshot() { return { count } },
      onRestore(state) { count = state.count; console.log('counter ${label} restored ' + count) },
    },
  },
  tools: { bump() { count++; return { count, label: '${label}' } } },
}
`

async function devPlugin() {
  const folder = await mkdtemp(join(tmpdir(), 'plugboard-dev-'))
  folders.push(folder)
  await writeFile(join(folder, 'plugin.json'), JSON.stringify(MANIFEST))
  await writeFile(join(folder, 'index.mjs'), counterCode('v1'))
  const env = await setup({ locatePackage: async () => folder })
  const plugin: Plugin = {
    ...pluginRow('dev/counter', '1.0.0'),
    source: { type: 'package', packageId: null, sha256: null, dev: true, path: folder },
  }
  const pkg: PackageInfo = {
    pluginId: 'dev/counter',
    version: '1.0.0',
    name: 'Counter',
    description: '',
    author: 'test',
    icon: null,
    categories: [],
    capabilities: [],
    modules: MANIFEST.modules,
    source: plugin.source,
  }
  const ctx = env.ctx(plugin)
  await env.runtime.install(ctx, pkg)
  await env.runtime.start(ctx)
  const bump = () => env.runtime.call(WS, plugin.id, 'bump') as Promise<{ count: number; label: string }>
  const save = (code: string) => writeFile(join(folder, 'index.mjs'), code)
  return { ...env, folder, ctx, plugin, bump, save }
}

describe('dev mode: reloading a plugin in development', () => {
  test('onSnapshot → stop → start the new code → onRestore: the state crosses the reload', async () => {
    const { runtime, ctx, plugin, bump, save, steps } = await devPlugin()
    await bump()
    await bump()
    const oldPid = runtime.info(WS, plugin.id)?.pid ?? 0
    await save(counterCode('v2'))
    const result = await runtime.reload(ctx)
    expect(result.failure).toBeNull()
    expect(result.started.modules).toMatchObject([{ id: 'counter', status: 'running' }])
    expect(await bump()).toEqual({ count: 3, label: 'v2' })
    expect(isAlive(oldPid)).toBe(false)
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['copy', 'snapshot', 'stop', 'load', 'restore']),
    )
    expect(runtime.logs(WS, plugin.id)).toMatch(/counter v2 restored 2/)
  })

  test('new code that fails to load: the last good version runs again with its state, and the error is told', async () => {
    const { runtime, ctx, plugin, bump, save } = await devPlugin()
    await bump()
    await save(counterCode('v2'))
    expect((await runtime.reload(ctx)).failure).toBeNull()
    await bump()
    await save("throw new Error('a typo on line 1')\n")
    const result = await runtime.reload(ctx)
    expect(result.failure).toMatchObject({ code: 'LOAD_FAILED' })
    expect(result.failure?.message).toMatch(/a typo on line 1/)
    expect(runtime.info(WS, plugin.id)?.pid).toBeGreaterThan(0)
    expect(await bump()).toEqual({ count: 3, label: 'v2' })

    // Fixed on the next save: the reload goes through from the last good state.
    await save(counterCode('v3'))
    expect((await runtime.reload(ctx)).failure).toBeNull()
    expect(await bump()).toEqual({ count: 4, label: 'v3' })
  })

  test('a snapshot over the size cap does not block the reload: the new code starts without state, and says so', async () => {
    const { runtime, ctx, bump, save } = await devPlugin()
    await bump()
    await save(
      counterCode('v2').replace('return { count }', "return { count, ballast: 'x'.repeat(2_000_000) }"),
    )
    expect((await runtime.reload(ctx)).stateLost).toBeNull() // v1's snapshot is small
    expect(await bump()).toMatchObject({ count: 2, label: 'v2' })
    await save(counterCode('v3'))
    const result = await runtime.reload(ctx)
    expect(result.failure).toBeNull()
    expect(result.stateLost).toMatch(/^onSnapshot failed: .*more than the \d+ allowed/)
    expect(await bump()).toEqual({ count: 1, label: 'v3' })
  })

  test('a folder that no longer passes the package checks fails the reload before anything stops', async () => {
    const { runtime, ctx, plugin, bump, folder } = await devPlugin()
    await bump()
    const pid = runtime.info(WS, plugin.id)?.pid
    await writeFile(join(folder, 'plugin.json'), JSON.stringify({ ...MANIFEST, id: 'dev/other' }))
    const failure = await failureOf(runtime.reload(ctx))
    expect(failure).toMatchObject({ step: 'verify', code: 'PACKAGE_INVALID' })
    expect(failure.message).toMatch(/dev\/other, not dev\/counter/)
    expect(runtime.info(WS, plugin.id)?.pid).toBe(pid)
    expect(await bump()).toEqual({ count: 2, label: 'v1' })
  })
})
