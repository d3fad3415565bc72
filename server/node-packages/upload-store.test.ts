import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { create } from 'tar'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import { UploadStore } from './upload-store.ts'

const hello = fileURLToPath(new URL('../../catalog/plugboard/hello/1.1.0', import.meta.url))
let work: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-uploads-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function tgzOf(files: Record<string, string>): Promise<Uint8Array> {
  const src = await mkdtemp(join(work, 'src-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(src, name, '..'), { recursive: true })
    await writeFile(join(src, name), text)
  }
  const file = join(work, `${Math.random().toString(36).slice(2)}.tgz`)
  await create({ gzip: true, file, cwd: src }, Object.keys(files))
  return readFile(file)
}

test('an uploaded package is verified, kept with its sha256, and located for install', async () => {
  const uploads = new UploadStore({ dir: join(work, 'uploads') })
  const bytes = await tgzOf({
    'plugin.json': await readFile(join(hello, 'plugin.json'), 'utf8'),
    'index.mjs': await readFile(join(hello, 'index.mjs'), 'utf8'),
  })
  const stored = await uploads.save(bytes)
  expect(stored.packageId).toMatch(/^pkg_[0-9a-f]{24}$/)
  expect(stored.manifest).toMatchObject({ id: 'plugboard/hello', version: '1.1.0' })
  expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/)
  expect(await uploads.get(stored.packageId)).toEqual(stored)
  expect(await uploads.locate(stored.packageId)).toBe(join(work, 'uploads', `${stored.packageId}.tgz`))
  expect(await uploads.locate('../../etc/passwd')).toBeNull()
  await uploads.remove(stored.packageId)
  expect(await readdir(join(work, 'uploads'))).toEqual([])
})

test('a refused upload lists its problems and leaves nothing behind', async () => {
  const uploads = new UploadStore({ dir: join(work, 'uploads') })
  const bytes = await tgzOf({ 'plugin.json': '{"id":"Nope"}' })
  const refused = await uploads.save(bytes).catch((error: unknown) => error)
  expect(refused).toBeInstanceOf(PackageInvalidError)
  expect((refused as PackageInvalidError).problems).toContain('id: must look like org/name (lowercase)')
  expect(await readdir(join(work, 'uploads'))).toEqual([])
})

test('an upload over the size cap is refused before anything is written', async () => {
  const uploads = new UploadStore({ dir: join(work, 'uploads'), limits: { maxArchiveBytes: 10 } })
  await expect(uploads.save(new Uint8Array(11))).rejects.toBeInstanceOf(PackageTooLargeError)
})
