import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { create } from 'tar'

const hello = fileURLToPath(new URL('../../catalog/plugboard/hello/1.1.0', import.meta.url))

/** The files of the catalog's `plugboard/hello@1.1.0`, a package that installs cleanly. */
export async function helloFiles(): Promise<Record<string, string>> {
  return {
    'plugin.json': await readFile(join(hello, 'plugin.json'), 'utf8'),
    'index.mjs': await readFile(join(hello, 'index.mjs'), 'utf8'),
  }
}

/** A real `.tgz` made by node-tar from `files` (written under a fresh folder of `work`). */
export async function tgzOf(work: string, files: Record<string, string>): Promise<Uint8Array> {
  const src = await mkdtemp(join(work, 'src-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(src, name, '..'), { recursive: true })
    await writeFile(join(src, name), text)
  }
  const file = join(work, `${Math.random().toString(36).slice(2)}.tgz`)
  await create({ gzip: true, file, cwd: src }, Object.keys(files))
  return new Uint8Array(await readFile(file))
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

export interface RawEntry {
  path: string
  /** A pax `path=` record written before the entry (it overrides `path`, which can then be anything). */
  paxPath?: string
  /** ustar typeflag (default '0', a file). */
  type?: string
  data?: string
  linkname?: string
}

/** A hand-made ustar header, for entries node-tar will not write (`..`, devices). */
function header(entry: RawEntry, size: number): Buffer {
  const block = Buffer.alloc(512)
  const put = (text: string, at: number, length: number) => block.write(text, at, length, 'utf8')
  put(entry.path, 0, 100)
  put('0000644\0', 100, 8)
  put('0000000\0', 108, 8)
  put('0000000\0', 116, 8)
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12)
  put('00000000000\0', 136, 12)
  put('        ', 148, 8)
  put(entry.type ?? '0', 156, 1)
  put(entry.linkname ?? '', 157, 100)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  let sum = 0
  for (const byte of block) sum += byte
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return block
}

/** One pax record, `<length> <key>=<value>\n`, whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  const bytes = Buffer.byteLength(body)
  let length = bytes + 1
  while (String(length).length + bytes !== length) length++
  return `${length}${body}`
}

/** An uncompressed tar of raw entries, ended by its two zero blocks. */
export function rawTar(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = []
  const expanded = entries.flatMap((entry) =>
    entry.paxPath === undefined
      ? [entry]
      : [{ path: 'PaxHeader', type: 'x', data: paxRecord('path', entry.paxPath) }, entry],
  )
  for (const entry of expanded) {
    const data = Buffer.from(entry.data ?? '')
    parts.push(header(entry, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

/** A `.tgz` of raw entries. */
export const rawTgz = (entries: RawEntry[]): Uint8Array => new Uint8Array(gzipSync(rawTar(entries)))
