import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { FOREIGN_WS, OWN_WS } from '#server/app/auth/auth.test-helpers.ts'
import type { Packages } from '#server/app/ports.ts'
import { createMemoryPackages } from '#server/memory/memory-packages.ts'
import { FsPackages } from '#server/node-packages/fs-packages.ts'
import { helloFiles, sha256Hex, tgzOf } from '#server/node-packages/package-tgz.test-helpers.ts'
import { setupPackageApp } from './package-routes.test-helpers.ts'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-package-routes-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

const LIMIT = 4_000
const ADAPTERS: [string, () => Packages][] = [
  ['on disk', () => new FsPackages({ dir: join(work, 'uploads'), limits: { maxArchiveBytes: LIMIT } })],
  ['in memory', () => createMemoryPackages({ maxArchiveBytes: LIMIT })],
]

describe.each(ADAPTERS)('POST …/packages with the packages %s', (_name, makePackages) => {
  test('a good .tgz answers 201 with its manifest and sha256, then installs like a catalog plugin', async () => {
    const t = await setupPackageApp(makePackages())
    const bytes = await tgzOf(work, await helloFiles())
    const response = await t.upload(bytes)
    expect(response.status).toBe(201)
    const uploaded = await response.json()
    expect(uploaded).toEqual({
      packageId: expect.stringMatching(/^pkg_[0-9a-f]{24}$/),
      manifest: expect.objectContaining({ id: 'plugboard/hello', version: '1.1.0' }),
      sha256: sha256Hex(bytes),
    })

    const installed = await t.install(uploaded.packageId)
    expect(installed.status).toBe(202)
    const { task } = await installed.json()
    const done = await t.settled(task.id)
    expect(done).toMatchObject({ status: 'success', items: [{ status: 'success' }] })
    const { items } = await t.get('/plugins')
    expect(items).toEqual([
      expect.objectContaining({
        pluginId: 'plugboard/hello',
        status: 'ready',
        source: { type: 'package', packageId: uploaded.packageId, sha256: uploaded.sha256 },
      }),
    ])
    const audit = await t.get('/audit?action=package.upload')
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'package.upload',
        outcome: 'success',
        details: { packageId: uploaded.packageId, sha256: uploaded.sha256 },
      }),
    ])
  })

  test('a package over the size cap answers 413 PAYLOAD_TOO_LARGE', async () => {
    const t = await setupPackageApp(makePackages())
    // Within the multipart allowance, so the adapter refuses it; then far over it, so the route does.
    for (const size of [LIMIT + 1, 1_000_000]) {
      const response = await t.upload(new Uint8Array(size))
      expect(response.status).toBe(413)
      expect((await response.json()).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    }
  })

  test('bytes that are not a .tgz, or a truncated one, answer 422 PACKAGE_INVALID', async () => {
    const t = await setupPackageApp(makePackages())
    const good = await tgzOf(work, await helloFiles())
    for (const bytes of [
      new TextEncoder().encode('hello, not an archive'),
      good.subarray(0, good.length / 2),
    ]) {
      const response = await t.upload(bytes)
      expect(response.status).toBe(422)
      const { error } = await response.json()
      expect(error).toMatchObject({ code: 'PACKAGE_INVALID' })
      expect(error.details).toEqual([expect.stringMatching(/^package: /)])
    }
  })

  test('an invalid manifest answers 422 with every problem listed', async () => {
    const t = await setupPackageApp(makePackages())
    const manifest = { id: 'Not-An-Id', name: '', version: 'one', modules: [], main: '../x.txt' }
    const response = await t.upload(await tgzOf(work, { 'plugin.json': JSON.stringify(manifest) }))
    expect(response.status).toBe(422)
    const { error } = await response.json()
    expect(error.code).toBe('PACKAGE_INVALID')
    expect(error.details).toEqual(
      expect.arrayContaining([
        'id: must look like org/name (lowercase)',
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^version: /),
        expect.stringMatching(/^modules: /),
        'main: must not contain ".."',
        expect.stringMatching(/^author: /),
        expect.stringMatching(/^minHostVersion: /),
      ]),
    )
  })

  test("another workspace's package is unknown here: the install answers 404 naming it", async () => {
    const t = await setupPackageApp(makePackages())
    const theirs = await (await t.upload(await tgzOf(work, await helloFiles()), 'stranger')).json()
    expect(theirs.packageId).toMatch(/^pkg_/)
    const response = await t.install(theirs.packageId)
    expect(response.status).toBe(404)
    expect((await response.json()).error).toEqual({
      code: 'NOT_FOUND',
      message: `unknown package ${theirs.packageId}`,
    })
    expect((await t.get('/plugins')).items).toEqual([])
  })

  test('a member may not upload (403); another workspace is not found (404)', async () => {
    const t = await setupPackageApp(makePackages())
    const bytes = await tgzOf(work, await helloFiles())
    expect((await t.upload(bytes, 'member')).status).toBe(403)
    expect((await t.upload(bytes, 'owner', FOREIGN_WS)).status).toBe(404)
  })

  test('a body that is not multipart answers 415, one without its file 400', async () => {
    const t = await setupPackageApp(makePackages())
    const path = `/api/workspaces/${OWN_WS}/packages`
    const asJson = await t.app.request(path, {
      method: 'POST',
      headers: { ...t.headers('owner'), 'content-type': 'application/json' },
      body: '{}',
    })
    expect(asJson.status).toBe(415)
    expect((await asJson.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const form = new FormData()
    form.append('other', 'x')
    const noFile = await t.app.request(path, { method: 'POST', headers: t.headers('owner'), body: form })
    expect(noFile.status).toBe(400)
    expect((await noFile.json()).error.details).toEqual(['file: required (a .tgz file)'])
  })
})

test('without a packages adapter, uploads and package installs answer a clear 404', async () => {
  const t = await setupPackageApp(createMemoryPackages())
  t.deps.packages = undefined
  const response = await t.upload(await tgzOf(work, await helloFiles()))
  expect(response.status).toBe(404)
  expect((await response.json()).error.message).toBe('this server does not accept package uploads')
  expect((await t.install('pkg_000000000000000000000000')).status).toBe(404)
})
