import { readdir, stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { create } from 'tar'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import type { DevFolders } from '#server/app/ports.ts'

/** Left out of a dev folder's package: version control, not the plugin. */
const SKIPPED = new Set(['.git'])

/**
 * Dev mode's plugin folders on this machine: a folder is packed as a `.tgz` (links kept as links,
 * so the upload's checks refuse them as they would in an archive) for the upload store to verify.
 */
export function createDevFolders(): DevFolders {
  return {
    async pack(path: string): Promise<Uint8Array> {
      const isDir =
        isAbsolute(path) &&
        (await stat(path).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      if (!isDir)
        throw new PackageInvalidError('The plugin folder is not there', [
          `path: ${path} is not a directory on the server`,
        ])
      const entries = (await readdir(path)).filter((name) => !SKIPPED.has(name))
      const chunks: Buffer[] = []
      const stream = create({ gzip: true, cwd: path, portable: true }, entries)
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
      return new Uint8Array(Buffer.concat(chunks))
    },
  }
}
