import { type Manifest, validateManifest } from '#core/manifest/manifest-schema.ts'
import { compareSemver, HOST_VERSION } from '#core/manifest/semver.ts'
import { storedTextProblem } from '#core/text/stored-text.ts'

/**
 * What makes a package acceptable, in one place for every adapter: the server's (node-tar, files on
 * disk) and the in-memory one the mocks run in the browser. Each problem is a line an admin can act
 * on, `what: why`.
 */

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

/** File systems refuse longer names (ENAMETOOLONG); paths stay well below PATH_MAX with our prefix. */
const MAX_NAME_BYTES = 255
const MAX_PATH_BYTES = 1024
const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength
// C0 controls (newline, tab, …) and DEL: no file of a plugin needs them, and they garble every listing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0001-\u001f\u007f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ANY_CONTROL = /[\0-\u001f\u007f]/g

/** Why an entry path may not be written, or null when it may. */
export function entryPathProblem(path: string): string | null {
  if (path.length === 0) return 'empty path'
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path'
  if (path.includes('\\')) return 'backslash in path'
  if (path.includes('\0')) return 'NUL in path'
  if (CONTROL.test(path)) return 'control character in path'
  // A name that was not UTF-8 reads back with replacement characters.
  if (storedTextProblem(path) || path.includes('\uFFFD')) return 'path is not valid UTF-8'
  if (path.split('/').includes('..')) return 'path contains ".."'
  if (utf8Length(path) > MAX_PATH_BYTES) return `path longer than ${MAX_PATH_BYTES} bytes`
  if (path.split('/').some((name) => utf8Length(name) > MAX_NAME_BYTES)) {
    return `a name longer than ${MAX_NAME_BYTES} bytes`
  }
  return null
}

/** ustar type flags of the entries a package may hold: files ('0', '\0', '7') and directories ('5'). */
const ALLOWED_TYPES = new Set(['0', '7', '5'])
const TYPE_NAMES: Record<string, string> = {
  '1': 'links',
  '2': 'links',
  '3': 'character devices',
  '4': 'block devices',
  '6': 'FIFOs',
}

/** An entry of an archive as any reader sees it: its path, ustar type flag and size. */
export interface ArchiveEntry {
  path: string
  type: string
  size: number
}

/** The line naming what is wrong with one entry, or null when it may be written. */
export function entryProblem(entry: Pick<ArchiveEntry, 'path' | 'type'>): string | null {
  const named = (reason: string) => `${entry.path.replace(ANY_CONTROL, '?')}: ${reason}`
  const pathReason = entryPathProblem(entry.path)
  if (pathReason) return named(pathReason)
  if (!ALLOWED_TYPES.has(entry.type)) {
    return named(`${TYPE_NAMES[entry.type] ?? `type ${entry.type} entries`} are not allowed`)
  }
  return null
}

/** Every reason to refuse an archive's entries: unsafe ones, none at all, too many, too many bytes. */
export function archiveProblems(entries: readonly ArchiveEntry[], limits: PackageLimits): string[] {
  const problems = entries.map(entryProblem).filter((problem): problem is string => problem !== null)
  if (entries.length === 0) problems.push('package: the archive is empty')
  if (entries.length > limits.maxEntries) problems.push(`package: more than ${limits.maxEntries} entries`)
  const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0)
  if (unpacked > limits.maxUnpackedBytes) {
    problems.push(`package: more than ${limits.maxUnpackedBytes} bytes unpacked`)
  }
  return problems
}

/**
 * The folder holding `plugin.json`, given the package's top level: the top itself, or its one
 * folder (archives made by `npm pack` put everything under `package/`). Null means the top.
 */
export function packageRootOf(top: readonly { name: string; directory: boolean }[]): string | null {
  if (top.some((entry) => entry.name === 'plugin.json')) return null
  const [only] = top
  return top.length === 1 && only?.directory ? only.name : null
}

/** `plugin.json`'s text (null when missing) read as a manifest, or every problem with it. */
export function parseManifest(
  text: string | null,
): { manifest: Manifest; problems: [] } | { manifest: null; raw: unknown; problems: string[] } {
  if (text === null) return { manifest: null, raw: null, problems: ['plugin.json: missing'] }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return {
      manifest: null,
      raw: null,
      problems: [`plugin.json: not valid JSON (${(error as Error).message})`],
    }
  }
  const result = validateManifest(raw)
  return result.ok
    ? { manifest: result.manifest, problems: [] }
    : { manifest: null, raw, problems: result.problems }
}

/**
 * What must hold beyond a valid manifest: the expected id and version when given, a host new
 * enough, and an entry file that exists in the package.
 */
export function manifestFitProblems(
  manifest: Manifest,
  facts: { mainExists: boolean; expected?: { pluginId: string; version: string } | undefined },
): string[] {
  const { expected } = facts
  const problems: string[] = []
  if (expected && manifest.id !== expected.pluginId) problems.push(`id: expected ${expected.pluginId}`)
  if (expected && manifest.version !== expected.version)
    problems.push(`version: expected ${expected.version}`)
  if (compareSemver(manifest.minHostVersion, HOST_VERSION) > 0) {
    problems.push(`minHostVersion: needs host ${manifest.minHostVersion}, this host is ${HOST_VERSION}`)
  }
  if (!facts.mainExists) problems.push(`main: ${manifest.main} does not exist in the package`)
  return problems
}
