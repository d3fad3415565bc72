import { copyFile, lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import type { PackageLimits } from '#server/app/packages/package-rules.ts'

/**
 * Copies a directory package into `dest` (which must not exist), holding it to the same rules as an
 * archive: only regular files and directories (no links, devices or sockets), within the caps.
 */
export async function copyPackageDir(src: string, dest: string, limits: PackageLimits): Promise<void> {
  const problems: string[] = []
  const files: string[] = []
  const dirs: string[] = []
  let bytes = 0
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(src, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        dirs.push(path)
        await walk(path)
      } else if (entry.isFile()) {
        files.push(path)
        bytes += (await lstat(join(src, path))).size
      } else {
        problems.push(
          `${path}: ${entry.isSymbolicLink() ? 'symbolic links' : 'special files'} are not allowed`,
        )
      }
    }
  }
  await walk('')
  if (files.length + dirs.length > limits.maxEntries) {
    problems.push(`package: more than ${limits.maxEntries} entries`)
  }
  if (bytes > limits.maxUnpackedBytes) problems.push(`package: more than ${limits.maxUnpackedBytes} bytes`)
  if (problems.length > 0) throw new PackageInvalidError('The package is not allowed', problems)

  await mkdir(dest, { recursive: false })
  for (const dir of dirs) await mkdir(join(dest, dir), { recursive: true })
  for (const file of files) await copyFile(join(src, file), join(dest, file))
}
