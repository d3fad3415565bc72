import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { create } from 'tar'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import { DEFAULT_PACKAGE_LIMITS } from '#server/app/packages/package-rules.ts'
import { inspectPackage, unpackPackage } from './package-reader.ts'
import { rawTgz } from './package-tgz.test-helpers.ts'

const hello = fileURLToPath(new URL('../../catalog/plugboard/hello/1.0.0', import.meta.url))
let work: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-pkg-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise
  } catch (error) {
    if (error instanceof PackageInvalidError) return error.problems
    throw error
  }
  throw new Error('expected the package to be refused')
}

async function stagingDir() {
  const dir = join(work, `staging-${Math.random().toString(36).slice(2)}`)
  await mkdir(dir)
  return dir
}

describe('reading a package', () => {
  test('a directory package is copied, verified and hashed', async () => {
    const unpacked = await unpackPackage(hello, await stagingDir())
    expect(unpacked.manifest.id).toBe('plugboard/hello')
    expect(unpacked.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await readdir(unpacked.root)).sort()).toEqual(['index.mjs', 'plugin.json'])
  })

  test('a .tgz made by npm pack (everything under package/) is extracted and verified', async () => {
    const src = join(work, 'src')
    await mkdir(join(src, 'package'), { recursive: true })
    for (const f of ['plugin.json', 'index.mjs']) {
      await writeFile(join(src, 'package', f), await readFile(join(hello, f)))
    }
    const tgz = join(work, 'hello.tgz')
    await create({ gzip: true, file: tgz, cwd: src }, ['package'])
    const { manifest, sha256 } = await inspectPackage(tgz, work)
    expect(manifest.version).toBe('1.0.0')
    expect(sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await readdir(work)).filter((f) => f.startsWith('inspect-'))).toEqual([])
  })

  test('a checksum that does not match is refused', async () => {
    const problems = await problemsOf(
      unpackPackage(hello, await stagingDir(), {
        expected: { pluginId: 'plugboard/hello', version: '1.0.0', sha256: 'f'.repeat(64) },
      }),
    )
    expect(problems[0]).toMatch(/^sha256: expected f+, got [0-9a-f]{64}$/)
  })

  test('an archive with an absolute path, "..", a symlink and a hard link is refused, every entry named', async () => {
    // Written byte by byte: no real links on disk, and entries node-tar would not write.
    const absolute = join(work, 'evil', 'plugin.json')
    const tgz = join(work, 'evil.tgz')
    await writeFile(
      tgz,
      rawTgz([
        { path: 'plugin.json', data: '{}' },
        { path: 'link', type: '2', linkname: '/etc/passwd' },
        { path: 'hard', type: '1', linkname: 'plugin.json' },
        { path: '../evil/plugin.json', data: '{}' },
        { path: absolute, data: '{}' },
      ]),
    )
    const problems = await problemsOf(unpackPackage(tgz, await stagingDir()))
    expect(problems).toEqual(
      expect.arrayContaining([
        'link: links are not allowed',
        'hard: links are not allowed',
        '../evil/plugin.json: path contains ".."',
        `${absolute}: absolute path`,
      ]),
    )
    expect(await readdir(work)).not.toContain('evil')
  })

  test('an archive over the file-count or size cap is refused before extraction', async () => {
    const src = join(work, 'big')
    await mkdir(src)
    for (let i = 0; i < 5; i++) await writeFile(join(src, `f${i}.txt`), 'x'.repeat(1000))
    const tgz = join(work, 'big.tgz')
    await create({ gzip: true, file: tgz, cwd: src }, ['.'])
    const staging = await stagingDir()
    const fewEntries = { ...DEFAULT_PACKAGE_LIMITS, maxEntries: 3 }
    expect(await problemsOf(unpackPackage(tgz, staging, { limits: fewEntries }))).toEqual([
      'package: more than 3 entries',
    ])
    const fewBytes = { ...DEFAULT_PACKAGE_LIMITS, maxUnpackedBytes: 2000 }
    expect(await problemsOf(unpackPackage(tgz, staging, { limits: fewBytes }))).toEqual([
      'package: more than 2000 bytes unpacked',
    ])
    expect(await readdir(staging)).toEqual([])
  })

  test('a directory package holding a symlink is refused', async () => {
    const src = join(work, 'linked')
    await mkdir(src)
    await writeFile(join(src, 'plugin.json'), '{}')
    await symlink('/etc/passwd', join(src, 'passwd'))
    expect(await problemsOf(unpackPackage(src, await stagingDir()))).toEqual([
      'passwd: symbolic links are not allowed',
    ])
  })

  test('a broken manifest lists every problem', async () => {
    const broken = fileURLToPath(new URL('../../catalog/plugboard/broken-manifest/1.0.0', import.meta.url))
    const problems = await problemsOf(unpackPackage(broken, await stagingDir()))
    expect(problems).toContain('main: must not contain ".."')
    expect(problems.length).toBeGreaterThanOrEqual(6)
  })

  test('a package that needs a newer host, or whose entry is missing, is refused', async () => {
    const src = join(work, 'future')
    await mkdir(src)
    const manifest = JSON.parse(await readFile(join(hello, 'plugin.json'), 'utf8'))
    await writeFile(join(src, 'plugin.json'), JSON.stringify({ ...manifest, minHostVersion: '99.0.0' }))
    expect(await problemsOf(unpackPackage(src, await stagingDir()))).toEqual([
      'minHostVersion: needs host 99.0.0, this host is 0.1.0',
      'main: index.mjs does not exist in the package',
    ])
  })
})
