import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { helloFiles, sha256Hex, tgzOf } from '#server/node-packages/package-tgz.test-helpers.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

// The real server with real worker processes: an uploaded .tgz is verified, stored and installed.
const dirs = makeServerDirs()
let server: ServerProcess
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-upload-'))
  server = await startServer({ ...dirs, stepMs: 0, runtime: 'process' })
})

afterAll(async () => {
  await server?.stop()
  dirs.cleanup()
  await rm(work, { recursive: true, force: true })
})

test('an uploaded package installs and runs in its own worker; a broken one is refused with its problems', async () => {
  const api = await apiClient(server.url)
  const bytes = await tgzOf(work, await helloFiles())
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)]), 'hello.tgz')
  const upload = await api.sendForm('/packages', form)
  expect(upload.status).toBe(201)
  const uploaded = (await upload.json()) as { packageId: string; sha256: string; manifest: { id: string } }
  expect(uploaded).toMatchObject({ sha256: sha256Hex(bytes), manifest: { id: 'plugboard/hello' } })

  const { task } = await api.json('POST', '/installs', {
    items: [{ source: 'package', packageId: uploaded.packageId }],
  })
  const done = await waitFor(
    () => api.json('GET', `/tasks/${task.id}`),
    (current) => current.status !== 'pending' && current.status !== 'running',
  )
  expect(done.status).toBe('success')
  const plugin = await api.json('GET', `/plugins/${done.items[0].pluginId}`)
  expect(plugin).toMatchObject({
    status: 'ready',
    source: { type: 'package', packageId: uploaded.packageId, sha256: uploaded.sha256 },
  })
  expect(plugin.runtime.pid).toBeGreaterThan(0)

  const broken = new FormData()
  const manifest = JSON.stringify({ id: 'Not An Id', version: 'one' })
  broken.set('file', new Blob([new Uint8Array(await tgzOf(work, { 'plugin.json': manifest }))]), 'broken.tgz')
  const refused = await api.sendForm('/packages', broken)
  expect(refused.status).toBe(422)
  const body = (await refused.json()) as { error: { code: string; details: string[] } }
  expect(body.error.code).toBe('PACKAGE_INVALID')
  expect(body.error.details.length).toBeGreaterThan(1)
})
