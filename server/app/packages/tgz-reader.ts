/**
 * A minimal `.tgz` reader that runs anywhere (the browser has no tar library): gunzip with
 * DecompressionStream, then a walk over the ustar headers. Both package adapters check archives
 * through it (archive-check.ts). It reads, never writes, and refuses what it cannot vouch for.
 */

import { readCapped } from '#server/app/streams/read-capped.ts'

export interface TarEntry {
  path: string
  /** ustar typeflag: '0' file, '5' directory, '2' symlink, '1' hard link, … */
  type: string
  size: number
  data: Uint8Array
}

/** The archive unpacks to more than the cap allows (refused as too big, not as corrupt). */
export class UnpackLimitError extends Error {}

const BLOCK = 512
const text = new TextDecoder()

/** Gunzips `bytes`, refusing more than `maxBytes` of output (a gzip bomb stops here). */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error('not a gzip file')
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'))
  return readCapped(stream, maxBytes, () => new UnpackLimitError(`more than ${maxBytes} bytes unpacked`))
}

const field = (header: Uint8Array, start: number, length: number) =>
  text.decode(header.subarray(start, start + length)).replace(/\0.*$/s, '')

function octal(header: Uint8Array, start: number, length: number): number {
  const raw = field(header, start, length).trim()
  if (!/^[0-7]*$/.test(raw)) throw new Error('a header has a malformed number')
  return raw ? Number.parseInt(raw, 8) : 0
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0)
  return sum === octal(header, 148, 8)
}

/** `path=` from a pax extended header (records are `<len> <key>=<value>\n`). */
function paxPath(data: Uint8Array): string | null {
  for (const record of text.decode(data).split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record)
    if (match) return match[1] ?? null
  }
  return null
}

/** Every entry of an uncompressed tar; throws on a corrupt header or a truncated archive. */
export function readTar(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  let longPath: string | null = null
  for (let offset = 0; offset + BLOCK <= tar.byteLength; ) {
    const header = tar.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) return entries
    if (!checksumOk(header)) throw new Error(`bad header checksum at byte ${offset}`)
    const size = octal(header, 124, 12)
    const type = field(header, 156, 1) || '0'
    const start = offset + BLOCK
    if (start + size > tar.byteLength) throw new Error('the archive is truncated')
    const data = tar.subarray(start, start + size)
    offset = start + Math.ceil(size / BLOCK) * BLOCK
    if (type === 'x' || type === 'L') {
      longPath = type === 'x' ? paxPath(data) : field(data, 0, data.byteLength)
      continue
    }
    if (type === 'g') continue
    const prefix = field(header, 345, 155)
    const name = field(header, 0, 100)
    const path = longPath ?? (prefix ? `${prefix}/${name}` : name)
    longPath = null
    entries.push({ path, type, size, data })
  }
  if (tar.byteLength === 0) return entries
  throw new Error('the archive ends without its end-of-archive blocks')
}
