/** Caps on what a package may hold; an archive over any of them is refused before extraction. */
export interface PackageLimits {
  /** Size of the `.tgz` itself. */
  maxArchiveBytes: number
  /** Total size of the unpacked files. */
  maxUnpackedBytes: number
  /** Files and directories together. */
  maxEntries: number
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxArchiveBytes: 10 * 1024 * 1024,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxEntries: 2_000,
}

/** A package refused for one or more reasons, each a line an admin can act on. */
export class PackageInvalidError extends Error {
  readonly problems: string[]

  constructor(message: string, problems: string[]) {
    super(message)
    this.name = 'PackageInvalidError'
    this.problems = problems
  }
}

/** Why an entry path may not be written: absolute, `..`, backslashes, or empty; null when fine. */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'empty path'
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path'
  if (path.includes('\\')) return 'backslash in path'
  if (path.includes('\0')) return 'NUL in path'
  if (path.split('/').includes('..')) return 'path contains ".."'
  return null
}
