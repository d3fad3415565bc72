import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import { helloFiles, rawTgz, sha256Hex, tgzOf } from '#server/node-packages/package-tgz.test-helpers.ts'
import { createMemoryPackages } from './memory-packages.ts'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-memory-packages-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(PackageInvalidError)
  return (error as PackageInvalidError).problems
}

describe('the in-memory packages (the mocks read .tgz uploads in the browser)', () => {
  test('a real .tgz is read, its manifest validated and its sha256 computed', async () => {
    const packages = createMemoryPackages()
    const bytes = await tgzOf(work, await helloFiles())
    const saved = await packages.save('ws-a', bytes)
    expect(saved.packageId).toMatch(/^pkg_[0-9a-f]{24}$/)
    expect(saved.manifest).toMatchObject({ id: 'plugboard/hello', version: '1.1.0', main: 'index.mjs' })
    expect(saved.sha256).toBe(sha256Hex(bytes))
    expect(await packages.resolve('ws-a', saved.packageId)).toMatchObject({
      pluginId: 'plugboard/hello',
      version: '1.1.0',
      modules: [
        { id: 'greeter', name: 'Greeter', type: 'service' },
        { id: 'clock', name: 'Clock', type: 'background' },
      ],
      source: { type: 'package', packageId: saved.packageId, sha256: saved.sha256 },
    })
  })

  test('an upload belongs to its workspace: another workspace resolves it to null', async () => {
    const packages = createMemoryPackages()
    const saved = await packages.save('ws-a', await tgzOf(work, await helloFiles()))
    expect(await packages.resolve('ws-b', saved.packageId)).toBeNull()
    expect(await packages.resolve('ws-a', 'pkg_unknown')).toBeNull()
  })

  test('a package under one top-level folder (npm pack) and long paths are read', async () => {
    const files = await helloFiles()
    const deep = `package/${'nested-folder/'.repeat(10)}readme.txt`
    const bytes = await tgzOf(work, {
      'package/plugin.json': files['plugin.json'] ?? '',
      'package/index.mjs': files['index.mjs'] ?? '',
      [deep]: 'deep',
    })
    const saved = await createMemoryPackages().save('ws-a', bytes)
    expect(saved.manifest.id).toBe('plugboard/hello')
  })

  test('an invalid manifest is refused with every problem listed', async () => {
    const bytes = await tgzOf(work, { 'plugin.json': '{"id":"Nope","version":"one"}' })
    const problems = await problemsOf(createMemoryPackages().save('ws-a', bytes))
    expect(problems).toContain('id: must look like org/name (lowercase)')
    expect(problems.length).toBeGreaterThan(3)
  })

  test('a manifest whose main file is missing, and an archive without plugin.json, are refused', async () => {
    const files = await helloFiles()
    const noMain = await tgzOf(work, { 'plugin.json': files['plugin.json'] ?? '' })
    expect(await problemsOf(createMemoryPackages().save('ws-a', noMain))).toEqual([
      'main: index.mjs does not exist in the package',
    ])
    const noManifest = await tgzOf(work, { 'index.mjs': 'export {}' })
    expect(await problemsOf(createMemoryPackages().save('ws-a', noManifest))).toEqual([
      'plugin.json: missing',
    ])
  })

  test('unsafe entries are refused, each named: "..", absolute paths, links and devices', async () => {
    const bytes = rawTgz([
      { path: '../escape.js', data: 'x' },
      { path: '/etc/passwd', data: 'x' },
      { path: 'link', type: '2', linkname: '/etc/passwd' },
      { path: 'hard', type: '1', linkname: 'plugin.json' },
      { path: 'dev', type: '3' },
    ])
    expect(await problemsOf(createMemoryPackages().save('ws-a', bytes))).toEqual([
      '../escape.js: path contains ".."',
      '/etc/passwd: absolute path',
      'link: links are not allowed',
      'hard: links are not allowed',
      'dev: character devices are not allowed',
    ])
  })

  test('entry names a file system cannot take are refused, each named', async () => {
    const files = Object.entries(await helloFiles()).map(([path, data]) => ({ path, data }))
    const long = `${'n'.repeat(300)}.txt`
    const bytes = rawTgz([
      ...files,
      { path: 'new\nline.txt', data: 'x' },
      { path: 'innocent.txt', paxPath: 'ev\0il.txt', data: 'x' },
      { path: 'long.txt', paxPath: long, data: 'x' },
    ])
    expect(await problemsOf(createMemoryPackages().save('ws-a', bytes))).toEqual([
      'new?line.txt: control character in path',
      'ev?il.txt: NUL in path',
      `${long}: a name longer than 255 bytes`,
    ])
  })

  test('bytes that are not a .tgz, a truncated one and a bad header are refused as unreadable', async () => {
    const packages = createMemoryPackages()
    const good = await tgzOf(work, await helloFiles())
    // A header block whose checksum field is empty: not a tar entry at all.
    const badHeader = new Uint8Array(
      gzipSync(Buffer.concat([Buffer.from('x'), Buffer.alloc(511), Buffer.alloc(1024)])),
    )
    for (const bytes of [new TextEncoder().encode('not an archive'), good.subarray(0, 40), badHeader]) {
      const [problem, ...rest] = await problemsOf(packages.save('ws-a', bytes))
      expect(problem).toMatch(/^package: not a readable \.tgz archive \(.+\)$/)
      expect(rest).toEqual([])
    }
  })

  test('caps: archive bytes (too large), unpacked bytes (a gzip bomb) and entries', async () => {
    const bytes = await tgzOf(work, await helloFiles())
    const small = createMemoryPackages({ maxArchiveBytes: bytes.byteLength - 1 })
    await expect(small.save('ws-a', bytes)).rejects.toBeInstanceOf(PackageTooLargeError)
    const bomb = rawTgz([{ path: 'zeros', data: '\0'.repeat(1_000_000) }])
    const [problem] = await problemsOf(createMemoryPackages({ maxUnpackedBytes: 10_000 }).save('ws-a', bomb))
    expect(problem).toMatch(/^package: more than \d+ bytes unpacked$/)
    const few = createMemoryPackages({ maxEntries: 1 })
    expect(await problemsOf(few.save('ws-a', bytes))).toEqual(['package: more than 1 entries'])
  })
})
