import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { type DevReload, runDev } from '../../cli/commands/dev.ts'
import { devStagePath } from '../../cli/package/dev-stage.ts'
import {
  apiClient,
  createApiToken,
  makeServerDirs,
  type ServerProcess,
  startServer,
} from './server-process.ts'

const MANIFEST = {
  id: 'dev/counter',
  name: 'Counter',
  version: '0.1.0',
  description: 'A plugin in development',
  author: 'test',
  icon: null,
  categories: [],
  capabilities: [],
  modules: [{ id: 'counter', name: 'Counter', type: 'service' }],
  main: 'index.mjs',
  minHostVersion: '0.1.0',
}

/** A module whose count starts at `start` unless a snapshot brings one, and says so in the log. */
const counterCode = (label: string, start: number) => `
let count = ${start}
export default {
  modules: {
    counter: {
      onLoad() { console.log('counter ${label} loaded with ' + count) },
      onSnapshot() { return { count } },
      onRestore(state) { count = state.count + 1; console.log('counter ${label} restored ' + count) },
    },
  },
}
`

const dirs = makeServerDirs()
let server: ServerProcess
let folder: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'plugboard-dev-api-'))
  await writeFile(join(folder, 'plugin.json'), JSON.stringify(MANIFEST))
  await writeFile(join(folder, 'index.mjs'), counterCode('v1', 40))
  server = await startServer({ ...dirs, stepMs: 0, runtime: 'process', env: { PLUGBOARD_DEV_MODE: '1' } })
})

afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
  await rm(devStagePath(folder), { recursive: true, force: true })
  await rm(folder, { recursive: true, force: true })
})

describe('plugin dev against a server in dev mode', () => {
  test('each save reloads the plugin: the new code answers within a second, with its state restored', async () => {
    const api = await apiClient(server.url)
    const token = await createApiToken(api, 'admin')
    const stop = new AbortController()
    const reloads: DevReload[] = []
    let pluginId = ''
    const printed: string[] = []
    const running = runDev([folder, '--server', server.url, '--token', token, '--workspace', 'default'], {
      signal: stop.signal,
      print: (line) => printed.push(line),
      onReady: (id) => {
        pluginId = id
      },
      onReload: (reload) => reloads.push(reload),
    })
    try {
      await waitUntil(
        async () => pluginId,
        (id) => id !== '',
        { withinMs: 30_000, everyMs: 50 },
      )
      const plugin = await api.json('GET', `/plugins/${pluginId}`)
      // The server reads the package plugin dev built from the folder, not the folder itself.
      expect(plugin).toMatchObject({ status: 'ready', source: { dev: true, path: devStagePath(folder) } })
      const logOf = async () => ((await api.json('GET', `/plugins/${pluginId}/logs`)).text as string) ?? ''
      expect(await logOf()).toMatch(/counter v1 loaded with 40/)

      const savedAt = performance.now()
      await writeFile(join(folder, 'index.mjs'), counterCode('v2', 0))
      await waitUntil(logOf, (text) => /counter v2 restored 41/.test(text), { withinMs: 1_000, everyMs: 20 })
      expect(performance.now() - savedAt).toBeLessThan(scaled(1_000))
      await waitUntil(
        async () => reloads.length,
        (n) => n === 1,
        { withinMs: 1_000, everyMs: 20 },
      )
      expect(reloads[0]).toMatchObject({ ok: true, error: null })
      expect(printed.at(-1)).toMatch(/^reloaded in \d+ ms$/)

      // Code that does not load: the reload fails with the error, the last good code runs on.
      await writeFile(join(folder, 'index.mjs'), "throw new Error('half-typed code')\n")
      await waitUntil(
        async () => reloads.length,
        (n) => n === 2,
        { withinMs: 5_000, everyMs: 20 },
      )
      expect(reloads[1]).toMatchObject({ ok: false, error: expect.stringMatching(/half-typed code/) })
      expect(await logOf()).toMatch(/counter v2 restored 42/)
      expect(await api.json('GET', `/plugins/${pluginId}`)).toMatchObject({
        status: 'ready',
        lastError: null,
      })

      // Running code whose onSnapshot throws does not block the next reload: that code starts
      // without its state, and the timeline says so. The row follows the manifest's new version.
      const broken = counterCode('v3', 0).replace('return { count }', "throw new Error('no snapshot today')")
      await writeFile(join(folder, 'index.mjs'), broken)
      await waitUntil(
        async () => reloads.length,
        (n) => n === 3,
        { withinMs: 5_000, everyMs: 20 },
      )
      expect(reloads[2]).toMatchObject({ ok: true })
      await writeFile(join(folder, 'plugin.json'), JSON.stringify({ ...MANIFEST, version: '0.2.0' }))
      await writeFile(join(folder, 'index.mjs'), counterCode('v4', 7))
      await waitUntil(logOf, (text) => /counter v4 loaded with 7/.test(text), {
        withinMs: 5_000,
        everyMs: 20,
      })
      await waitUntil(
        async () => reloads.length,
        (n) => n >= 4,
        { withinMs: 5_000, everyMs: 20 },
      )
      expect(reloads.at(-1)).toMatchObject({ ok: true })
      expect(await logOf()).not.toMatch(/counter v4 restored/)
      expect(await api.json('GET', `/plugins/${pluginId}`)).toMatchObject({
        status: 'ready',
        version: '0.2.0',
      })

      const timeline = await api.json('GET', `/plugins/${pluginId}/events?pageSize=50`)
      const reasons = (timeline.items as { reason: string }[]).map((event) => event.reason)
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^reloaded from its folder in \d+ ms$/),
          expect.stringMatching(/^reload failed, the last good version runs again: .*half-typed code/),
          expect.stringMatching(
            /^reloaded from its folder in \d+ ms without its state \(onSnapshot failed: .*no snapshot today/,
          ),
        ]),
      )
    } finally {
      stop.abort()
      expect(await running).toBe(0)
    }
  })

  test('an API token registers and reloads only with an admin or owner role; a revoked one is refused', async () => {
    const api = await apiClient(server.url)
    const member = await createApiToken(api, 'member')
    const asMember = (path: string) =>
      fetch(`${server.url}/api/workspaces/default${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${member}`, 'content-type': 'application/json' },
        body: JSON.stringify({ path: folder }),
      })
    const refused = await asMember('/dev-plugins')
    expect(refused.status).toBe(403)
    expect((await refused.json()).error.code).toBe('FORBIDDEN')
    const [installed] = (await api.json('GET', '/plugins?q=dev%2Fcounter')).items
    expect((await asMember(`/plugins/${installed.id}/dev/reload`)).status).toBe(403)
    const print = () => {}
    await expect(
      runDev([folder, '--server', server.url, '--token', member], { print }),
    ).rejects.toMatchObject({
      status: 403,
    })

    // An owner's token may; revoked, plugin dev is refused before it does anything.
    const owner = await createApiToken(api, 'owner', 'owner token')
    const tokens = await api.json('GET', '/tokens')
    const ownerToken = tokens.items.find((item: { name: string }) => item.name === 'owner token')
    const reload = await fetch(`${server.url}/api/workspaces/default/plugins/${installed.id}/dev/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    })
    expect(reload.status).toBe(202)
    const { task } = await reload.json()
    await waitUntil(
      async () => (await api.json('GET', `/tasks/${task.id}`)).status,
      (status) => !['pending', 'running'].includes(status),
      { withinMs: 10_000, everyMs: 50 },
    )
    expect((await api.send('DELETE', `/tokens/${ownerToken.id}`)).status).toBe(204)
    await expect(runDev([folder, '--server', server.url, '--token', owner], { print })).rejects.toMatchObject(
      {
        status: 401,
      },
    )
  })

  test('without --server or a token, plugin dev is a usage error (exit code 2)', async () => {
    expect(await runDev([folder, '--token', 't'])).toBe(2)
    expect(await runDev([folder, '--server', server.url])).toBe(2)
  })

  test('without PLUGBOARD_DEV_MODE the dev endpoints answer 404 in the error shape', async () => {
    const off = makeServerDirs()
    const plain = await startServer({ ...off, stepMs: 0 })
    try {
      const api = await apiClient(plain.url)
      const response = await api.send('POST', '/dev-plugins', { path: folder })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/dev mode is off/) },
      })
    } finally {
      await plain.kill()
      off.cleanup()
    }
  })
})
