import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** sha256 of one file (an uploaded `.tgz`), hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * sha256 of a directory package, hex: over the sorted relative paths and each file's own sha256,
 * so it does not depend on the file system's listing order or timestamps.
 */
export async function sha256Dir(dir: string): Promise<string> {
  const files = (await listFiles(dir, '')).sort()
  const hash = createHash('sha256')
  for (const file of files) {
    const content = await readFile(join(dir, file))
    hash.update(`${file}\n${createHash('sha256').update(content).digest('hex')}\n`)
  }
  return hash.digest('hex')
}

async function listFiles(root: string, prefix: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)))
    else out.push(rel)
  }
  return out
}
