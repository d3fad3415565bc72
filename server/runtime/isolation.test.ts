import { describe, expect, test } from 'vitest'
import { runtimeFixture, WS } from './runtime.test-helpers.ts'

const { setup } = runtimeFixture()

describe('isolation', () => {
  test('a plugin sees only the allowlisted environment, never a host secret', async () => {
    process.env.PLUGBOARD_TEST_SECRET = 's3cret'
    process.env.DATABASE_URL = 'postgres://admin:hunter2@db/prod'
    try {
      const { runtime, install } = await setup({ hostEnv: process.env })
      const ctx = await install('plugboard/sandbox-probe', '1.0.0')
      await runtime.start(ctx)
      const seen = (await runtime.call(WS, ctx.plugin.id, 'env')) as Record<string, string>
      expect(Object.values(seen)).not.toContain('s3cret')
      expect(JSON.stringify(seen)).not.toMatch(/hunter2/)
      expect(Object.keys(seen).sort()).toEqual(
        expect.arrayContaining([
          'PLUGBOARD_PLUGIN_DATA_DIR',
          'PLUGBOARD_PLUGIN_ID',
          'PLUGBOARD_PLUGIN_VERSION',
        ]),
      )
      const allowed = /^(PATH|NODE_ENV|TZ|LANG|PLUGBOARD_PLUGIN_.+)$/
      expect(Object.keys(seen).filter((key) => !allowed.test(key))).toEqual([])
      expect(seen.PLUGBOARD_PLUGIN_ID).toBe('plugboard/sandbox-probe')
    } finally {
      delete process.env.PLUGBOARD_TEST_SECRET
      delete process.env.DATABASE_URL
    }
  })

  test('a plugin reads its own files and writes its data, and cannot touch anything else', async () => {
    const { runtime, install, pluginDir, dataDir } = await setup()
    const ctx = await install('plugboard/sandbox-probe', '1.0.0')
    const other = await install('plugboard/hello', '1.0.0')
    await runtime.start(ctx)
    const probe = (tool: string, params: object) => runtime.call(WS, ctx.plugin.id, tool, params)
    const own = pluginDir('plugboard/sandbox-probe')
    expect(await probe('readFile', { path: `${own}/versions/1.0.0/plugin.json` })).toMatchObject({ ok: true })
    expect(await probe('writeFile', { path: `${own}/data/note.txt` })).toMatchObject({ ok: true })
    expect(await probe('readFile', { path: `${own}/data/note.txt` })).toEqual({ ok: true, value: 'probe' })
    for (const path of [
      '/etc/passwd',
      `${pluginDir('plugboard/hello')}/versions/1.0.0/plugin.json`,
      `${own}/state.json`,
    ]) {
      expect(await probe('readFile', { path })).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
    }
    for (const path of [`${own}/versions/1.0.0/index.mjs`, `${dataDir}/evil.txt`, '/tmp/evil.txt']) {
      expect(await probe('writeFile', { path })).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
    }
    expect(other.plugin.id).not.toBe(ctx.plugin.id)
    expect(await probe('spawn', {})).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
    expect(await probe('thread', {})).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
  })
})
