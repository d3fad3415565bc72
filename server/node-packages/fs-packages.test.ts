import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import { failureOf, pluginRow, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'
import { FsPackages } from './fs-packages.ts'
import { helloFiles, sha256Hex, tgzOf } from './package-tgz.test-helpers.ts'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-fs-packages-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

test('an upload is kept under its workspace, resolved only there, and located for the runtime', async () => {
  const packages = new FsPackages({ dir: join(work, 'uploads') })
  const bytes = await tgzOf(work, await helloFiles())
  const saved = await packages.save('ws-a', bytes)
  expect(saved.sha256).toBe(sha256Hex(bytes))
  const pkg = await packages.resolve('ws-a', saved.packageId)
  expect(pkg).toMatchObject({
    pluginId: 'plugboard/hello',
    version: '1.1.0',
    source: { type: 'package', packageId: saved.packageId, sha256: saved.sha256 },
  })
  expect(await packages.resolve('ws-b', saved.packageId)).toBeNull()
  expect(await packages.resolve('../ws-a', saved.packageId)).toBeNull()
  expect(await packages.locate(pkg as NonNullable<typeof pkg>)).toBe(
    join(work, 'uploads', 'ws-a', `${saved.packageId}.tgz`),
  )
  const catalogPkg = {
    ...(pkg as NonNullable<typeof pkg>),
    source: { type: 'marketplace' as const, packageId: null, sha256: null },
  }
  expect(await packages.locate(catalogPkg)).toBeNull()
})

test('refusals become the port errors: too large, and invalid with every problem', async () => {
  const packages = new FsPackages({ dir: join(work, 'uploads'), limits: { maxArchiveBytes: 100 } })
  expect(packages.maxBytes).toBe(100)
  await expect(packages.save('ws-a', new Uint8Array(101))).rejects.toBeInstanceOf(PackageTooLargeError)
  const invalid = await packages
    .save('ws-a', new TextEncoder().encode('nope'))
    .catch((error: unknown) => error)
  expect(invalid).toBeInstanceOf(PackageInvalidError)
  expect((invalid as PackageInvalidError).problems[0]).toMatch(/^package: not a readable \.tgz archive/)
  expect(await readdir(join(work, 'uploads', 'ws-a'))).toEqual([])
})

describe('the process runtime installs an upload from where locate says', () => {
  const { setup } = runtimeFixture()

  test('install unpacks the uploaded .tgz; a sha256 that does not match fails verify', async () => {
    const packages = new FsPackages({ dir: join(work, 'uploads') })
    const env = await setup({ locatePackage: (pkg) => packages.locate(pkg) })
    const saved = await packages.save(WS, await tgzOf(work, await helloFiles()))
    const pkg = await packages.resolve(WS, saved.packageId)
    if (!pkg) throw new Error('the upload did not resolve')
    await env.runtime.install(env.ctx(pluginRow(pkg.pluginId, pkg.version)), pkg)
    expect(await readdir(join(env.pluginDir(pkg.pluginId), 'versions'))).toEqual(['1.1.0'])

    const tampered = {
      ...pkg,
      pluginId: 'plugboard/other',
      source: { ...pkg.source, sha256: '0'.repeat(64) },
    }
    const failure = await failureOf(
      env.runtime.install(env.ctx(pluginRow('plugboard/other', '1.1.0')), tampered),
    )
    expect(failure).toMatchObject({
      code: 'PACKAGE_INVALID',
      detail: expect.stringMatching(/^sha256: expected 0{64}/),
    })
  })
})
