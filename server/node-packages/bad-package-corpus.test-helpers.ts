import { createHash } from 'node:crypto'
import { lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { PackageLimits } from '#server/app/packages/package-rules.ts'
import { helloFiles, type RawEntry, rawTgz, tgzOf } from './package-tgz.test-helpers.ts'

/** Small caps, so every over-the-cap case stays a few kilobytes. */
export const CORPUS_LIMITS: PackageLimits = {
  maxArchiveBytes: 32 * 1024,
  maxUnpackedBytes: 128 * 1024,
  maxEntries: 20,
}

export interface BadPackage {
  name: string
  bytes: Uint8Array
  /** Lines the refusal must name (each a substring of the task's message). */
  problems: string[]
  /** What `POST …/packages` answers; the size cap is 413 there (docs/api.md), 422 otherwise. */
  upload: { status: 413 | 422; code: 'PAYLOAD_TOO_LARGE' | 'PACKAGE_INVALID' }
}

const invalid = { status: 422, code: 'PACKAGE_INVALID' } as const
/** Deterministic noise (a sha256 chain): neither gzip nor tar, and it does not compress. */
function noise(length: number): Uint8Array {
  const blocks = Array.from({ length: Math.ceil(length / 32) }, (_, i) =>
    createHash('sha256').update(`noise-${i}`).digest(),
  )
  return new Uint8Array(Buffer.concat(blocks).subarray(0, length))
}

/**
 * Writes the files an escaping entry would hit (`outside/victim.txt`) and returns every bad package.
 * Absolute and `..` entries point into `work/outside/`, so "nothing was written there" is checkable
 * without touching anything outside the test's own directory.
 */
export async function buildCorpus(work: string): Promise<BadPackage[]> {
  const outside = join(work, 'outside')
  await mkdir(outside)
  await writeFile(join(outside, 'victim.txt'), 'untouched')
  const files = await helloFiles()
  const hello: RawEntry[] = Object.entries(files).map(([path, data]) => ({ path, data }))
  const withEntries = (...extra: RawEntry[]) => rawTgz([...hello, ...extra])
  const good = await tgzOf(work, files)
  // From the runtime's `<dataDir>/plugins/<ws>/<org>__<name>/.staging-x/tree` up to the temp dir.
  const climb = `${'../'.repeat(6)}${basename(work)}/outside/dotdot.txt`
  const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra/f${i}.txt`, `${i}`]))
  const longName = `${'n'.repeat(300)}.txt`
  const manifest = { id: 'Not An Id', name: '', version: 'one', main: '../index.mjs', modules: [] }
  return [
    {
      name: 'an archive over the size cap',
      bytes: await tgzOf(work, { ...files, 'blob.txt': Buffer.from(noise(40_000)).toString('base64') }),
      problems: ['package: archive larger than 32768 bytes'],
      upload: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'an archive that unpacks over the size cap',
      bytes: await tgzOf(work, { ...files, 'zeros.txt': '0'.repeat(200_000) }),
      problems: ['package: more than 131072 bytes unpacked'],
      upload: invalid,
    },
    {
      name: 'more entries than the file-count cap',
      bytes: await tgzOf(work, { ...files, ...many }),
      problems: ['package: more than 20 entries'],
      upload: invalid,
    },
    {
      name: 'an absolute path',
      bytes: withEntries({ path: join(outside, 'absolute.txt'), data: 'pwned' }),
      problems: [`${join(outside, 'absolute.txt')}: absolute path`],
      upload: invalid,
    },
    {
      name: 'a ".." path',
      bytes: withEntries({ path: climb, data: 'pwned' }),
      problems: [`${climb}: path contains ".."`],
      upload: invalid,
    },
    {
      name: 'a symbolic link, then a file written through it',
      bytes: withEntries(
        { path: 'out', type: '2', linkname: outside },
        { path: 'out/through-link.txt', data: 'pwned' },
      ),
      problems: ['out: links are not allowed'],
      upload: invalid,
    },
    {
      name: 'a hard link to a file outside, then a file written over it',
      bytes: withEntries(
        { path: 'victim.txt', type: '1', linkname: join(outside, 'victim.txt') },
        { path: 'victim.txt', data: 'pwned' },
      ),
      problems: ['victim.txt: links are not allowed'],
      upload: invalid,
    },
    {
      name: 'a character device',
      bytes: withEntries({ path: 'tty', type: '3' }),
      problems: ['tty: character devices are not allowed'],
      upload: invalid,
    },
    {
      name: 'a block device',
      bytes: withEntries({ path: 'disk', type: '4' }),
      problems: ['disk: block devices are not allowed'],
      upload: invalid,
    },
    {
      name: 'an entry name with a newline',
      bytes: withEntries({ path: 'new\nline.txt', data: 'x' }),
      problems: ['new?line.txt: control character in path'],
      upload: invalid,
    },
    {
      name: 'a NUL inside a pax name',
      bytes: withEntries({ path: 'innocent.txt', paxPath: 'ev\0il.txt', data: 'x' }),
      problems: ['ev?il.txt: NUL in path'],
      upload: invalid,
    },
    {
      name: 'a name too long for the file system',
      bytes: withEntries({ path: 'long.txt', paxPath: longName, data: 'x' }),
      problems: [`${longName}: a name longer than 255 bytes`],
      upload: invalid,
    },
    {
      name: 'a truncated gzip',
      bytes: good.subarray(0, good.length - 8),
      problems: ['package: not a readable .tgz archive (unexpected end of file)'],
      upload: invalid,
    },
    {
      name: 'random bytes',
      bytes: noise(4096),
      problems: ['package: not a readable .tgz archive'],
      upload: invalid,
    },
    {
      name: 'an invalid manifest',
      bytes: await tgzOf(work, { ...files, 'plugin.json': JSON.stringify(manifest) }),
      problems: [
        'id: must look like org/name',
        'name: ',
        'version: ',
        'modules: ',
        'main: must not contain ".."',
      ],
      upload: invalid,
    },
    {
      name: 'no manifest',
      bytes: await tgzOf(work, { 'index.mjs': files['index.mjs'] ?? '' }),
      problems: ['plugin.json: missing'],
      upload: invalid,
    },
  ]
}

/** Every path under `dir` with what it is (a file by its sha256), to compare before and after. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = rel ? `${rel}/${name}` : name
      const stats = await lstat(join(dir, path))
      if (stats.isDirectory()) {
        out[path] = 'dir'
        await walk(path)
      } else if (stats.isSymbolicLink()) out[path] = `link → ${await readlink(join(dir, path))}`
      else if (stats.isFile())
        out[path] = createHash('sha256')
          .update(await readFile(join(dir, path)))
          .digest('hex')
      else out[path] = 'special'
    }
  }
  await walk('')
  return out
}
