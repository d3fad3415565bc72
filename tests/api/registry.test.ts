import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { publishSamples } from '../../scripts/publish-samples.ts'
import { type LocalRegistry, startVerdaccio } from '../../scripts/registry/verdaccio.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

const TIME_FACTOR = Number(process.env.PLUGBOARD_TEST_TIME_FACTOR ?? 1)
const dirs = makeServerDirs()
let server: ServerProcess
let registry: LocalRegistry
let privateRegistry: LocalRegistry
let api: Awaited<ReturnType<typeof apiClient>>

beforeAll(async () => {
  ;[registry, privateRegistry] = await Promise.all([startVerdaccio(), startVerdaccio({ private: true })])
  await publishSamples(registry.url, registry.token, {
    only: ['plugboard/hello@1.0.0', 'plugboard/bad-upgrade@1.0.0', 'plugboard/crashy'],
  })
  await publishSamples(privateRegistry.url, privateRegistry.token, { only: ['plugboard/flaky-health'] })
  server = await startServer({
    ...dirs,
    stepMs: 20,
    runtime: 'process',
    env: { PLUGBOARD_REGISTRY_TIMEOUT_MS: String(2_000 * TIME_FACTOR), PLUGBOARD_REGISTRY_MAX_AGE_MS: '0' },
  })
  api = await apiClient(server.url)
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await Promise.all([registry?.stop(), privateRegistry?.stop()])
  dirs.cleanup()
})

async function addSource(body: Record<string, string>): Promise<{ id: string }> {
  const response = await api.send('POST', '/sources', body)
  expect(response.status).toBe(201)
  return response.json()
}

async function install(sourceId: string, pluginId: string, version: string): Promise<Task> {
  const response = await api.send('POST', '/installs', {
    items: [{ source: 'marketplace', pluginId, version, sourceId }],
  })
  expect(response.status).toBe(202)
  const { task } = (await response.json()) as { task: Task }
  return waitFor(
    () => api.json<Task>('GET', `/tasks/${task.id}`),
    (t) => isTerminal(t.status),
    60_000 * TIME_FACTOR,
  )
}

let publicSource: { id: string }

describe('a registry source on the real server (Verdaccio)', () => {
  test('search lists its plugins beside the catalog; an install is verified and runs', async () => {
    publicSource = await addSource({ name: 'Public', url: registry.url })
    const list = await api.json('GET', `/marketplace?sourceId=${publicSource.id}`)
    expect(list.items.map((entry: { pluginId: string }) => entry.pluginId).sort()).toEqual([
      'plugboard/bad-upgrade',
      'plugboard/crashy',
      'plugboard/hello',
    ])
    const task = await install(publicSource.id, 'plugboard/hello', '1.0.0')
    expect(task.items[0]).toMatchObject({ status: 'success', error: null })
    const plugin = await api.json<Plugin>('GET', `/plugins/${task.items[0]?.pluginId}`)
    expect(plugin).toMatchObject({ status: 'ready', version: '1.0.0' })
    expect(plugin.source).toMatchObject({
      type: 'registry',
      sourceId: publicSource.id,
      packageName: '@plugboard/hello',
    })
    expect(plugin.source.integrity).toMatch(/^sha512-/)
  })

  test('a tampered tarball is refused: INTEGRITY_MISMATCH, and no plugin is left', async () => {
    // 1.0.0, which nothing has fetched yet (the listing read the latest, 1.0.1, and keeps it verified).
    const stored = join(registry.dir, 'storage', '@plugboard', 'crashy')
    for (const file of readdirSync(stored).filter((name) => name.endsWith('1.0.0.tgz'))) {
      writeFileSync(join(stored, file), Buffer.from('tampered'))
    }
    const task = await install(publicSource.id, 'plugboard/crashy', '1.0.0')
    expect(task.items[0]).toMatchObject({ status: 'failed', error: { code: 'INTEGRITY_MISMATCH' } })
    const plugins = await api.json('GET', '/plugins?q=crashy')
    expect(plugins.items).toEqual([])
  })

  test("a source that requires signatures refuses Verdaccio's unsigned versions; with show it says so", async () => {
    // Verdaccio publishes no signing keys and signs nothing: every version of it is unsigned.
    const required = await api.send('PATCH', `/sources/${publicSource.id}`, { signaturePolicy: 'require' })
    expect(required.status).toBe(200)
    try {
      const task = await install(publicSource.id, 'plugboard/bad-upgrade', '1.0.0')
      expect(task.items[0]).toMatchObject({
        status: 'failed',
        error: { code: 'SIGNATURE_INVALID', message: expect.stringContaining('is not signed by 127.0.0.1') },
      })
      expect((await api.json('GET', '/plugins?q=bad-upgrade')).items).toEqual([])
      await api.send('PATCH', `/sources/${publicSource.id}`, { signaturePolicy: 'show' })
      const entry = await api.json('GET', `/marketplace/plugboard/bad-upgrade?sourceId=${publicSource.id}`)
      expect(entry.versions[0].trust).toMatchObject({ signature: 'unsigned', provenance: false })
    } finally {
      await api.send('PATCH', `/sources/${publicSource.id}`, { signaturePolicy: 'off' })
    }
  })

  test('a registry that is down is a banner of its own; the catalog still answers', async () => {
    const down = await addSource({ name: 'Down', url: 'http://127.0.0.1:9' })
    const list = await api.json('GET', '/marketplace')
    expect(list.problems).toEqual([
      expect.objectContaining({ sourceId: down.id, code: 'REGISTRY_UNREACHABLE' }),
    ])
    expect(list.items.some((entry: { sourceId: string }) => entry.sourceId === 'catalog')).toBe(true)
    expect(list.items.some((entry: { sourceId: string }) => entry.sourceId === publicSource.id)).toBe(true)
    expect((await api.send('DELETE', `/sources/${down.id}`)).status).toBe(204)
  })

  test('a private registry needs its token: refused without, installed with it (never shown back)', async () => {
    const anonymous = await addSource({ name: 'Company (no token)', url: privateRegistry.url })
    const refused = await install(anonymous.id, 'plugboard/flaky-health', '1.0.0')
    expect(refused.items[0]).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_UNAUTHORIZED' } })
    await api.send('DELETE', `/sources/${anonymous.id}`)

    const token = await privateRegistry.addUser('reader', 'reader-password')
    const company = await addSource({ name: 'Company', url: privateRegistry.url, token })
    const sources = await api.send('GET', '/sources')
    expect(await sources.text()).not.toContain(token)
    const task = await install(company.id, 'plugboard/flaky-health', '1.0.0')
    expect(task.items[0]).toMatchObject({ status: 'success' })
  })

  test('a newer version published is an update with its changelog; updating several rolls back only the one that fails', async () => {
    const bad = await install(publicSource.id, 'plugboard/bad-upgrade', '1.0.0')
    expect(bad.status).toBe('success')
    await publishSamples(registry.url, registry.token, {
      only: ['plugboard/hello@1.1.0', 'plugboard/bad-upgrade@1.1.0'],
    })
    const updates = await api.json('GET', '/updates')
    const byRef = Object.fromEntries(
      updates.items.map((item: { pluginRef: string }) => [item.pluginRef, item]),
    )
    expect(byRef['plugboard/hello']).toMatchObject({
      installedVersion: '1.0.0',
      version: '1.1.0',
      jump: 'minor',
    })
    expect(byRef['plugboard/hello'].changelog).toContain('quieter logs')

    const response = await api.send('POST', '/updates', {
      items: [byRef['plugboard/hello'], byRef['plugboard/bad-upgrade']].map((item) => ({
        pluginId: item.pluginId,
        version: item.version,
      })),
    })
    expect(response.status).toBe(202)
    const { task } = (await response.json()) as { task: Task }
    const done = await waitFor(
      () => api.json<Task>('GET', `/tasks/${task.id}`),
      (t) => isTerminal(t.status),
      90_000 * TIME_FACTOR,
    )
    expect(done.items.map((item) => [item.pluginRef, item.status])).toEqual([
      ['plugboard/hello', 'success'],
      ['plugboard/bad-upgrade', 'failed'],
    ])
    const hello = await api.json<Plugin>('GET', `/plugins/${byRef['plugboard/hello'].pluginId}`)
    const rolledBack = await api.json<Plugin>('GET', `/plugins/${byRef['plugboard/bad-upgrade'].pluginId}`)
    expect(hello).toMatchObject({ status: 'ready', version: '1.1.0' })
    expect(rolledBack).toMatchObject({ status: 'ready', version: '1.0.0' })
    expect(
      (await api.json('GET', '/updates')).items.map((item: { pluginRef: string }) => item.pluginRef),
    ).toEqual(['plugboard/bad-upgrade'])
  })
})
