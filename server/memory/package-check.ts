import { type Manifest, validateManifest } from '#core/manifest/manifest-schema.ts'
import { compareSemver, HOST_VERSION } from '#core/manifest/semver.ts'
import type { TarEntry } from './tgz-reader.ts'

/** File ('0', '7') and directory ('5') entries only: links, devices and fifos are refused. */
const ALLOWED_TYPES = new Set(['0', '5', '7'])
const TYPE_NAMES: Record<string, string> = { '1': 'links', '2': 'links', '3': 'devices', '4': 'devices' }

function pathProblem(path: string): string | null {
  if (path.length === 0) return 'empty path'
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path'
  if (path.includes('\\')) return 'backslash in path'
  if (path.split('/').includes('..')) return 'path contains ".."'
  return null
}

/** Every reason to refuse the entries themselves: unsafe paths, links, devices, too many. */
export function entryProblems(entries: readonly TarEntry[], maxEntries: number): string[] {
  const problems: string[] = []
  for (const entry of entries) {
    const reason = pathProblem(entry.path)
    if (reason) problems.push(`${entry.path}: ${reason}`)
    else if (!ALLOWED_TYPES.has(entry.type)) {
      problems.push(
        `${entry.path}: ${TYPE_NAMES[entry.type] ?? `type ${entry.type} entries`} are not allowed`,
      )
    }
  }
  if (entries.length === 0) problems.push('package: the archive is empty')
  if (entries.length > maxEntries) problems.push(`package: more than ${maxEntries} entries`)
  return problems
}

const clean = (path: string) => path.replace(/^(\.\/)+/, '').replace(/\/+$/, '')

/** Files by path relative to the package root: the archive itself, or its one top-level folder. */
export function packageFiles(entries: readonly TarEntry[]): Map<string, Uint8Array> {
  const files = new Map(
    entries.filter((entry) => entry.type !== '5').map((entry) => [clean(entry.path), entry.data]),
  )
  if (files.has('plugin.json')) return files
  const tops = new Set([...files.keys()].map((path) => path.split('/')[0]))
  const [top] = tops
  if (tops.size !== 1 || !top) return files
  return new Map([...files].map(([path, data]) => [path.slice(top.length + 1), data]))
}

/** The manifest, or every problem with it and with what it points at, as `path: message`. */
export function checkManifest(
  files: Map<string, Uint8Array>,
): { manifest: Manifest; problems: [] } | { manifest: null; problems: string[] } {
  const raw = files.get('plugin.json')
  if (!raw) return { manifest: null, problems: ['plugin.json: missing'] }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(raw))
  } catch (error) {
    return { manifest: null, problems: [`plugin.json: not valid JSON (${(error as Error).message})`] }
  }
  const result = validateManifest(json)
  if (!result.ok) return { manifest: null, problems: result.problems }
  const { manifest } = result
  const problems: string[] = []
  if (compareSemver(manifest.minHostVersion, HOST_VERSION) > 0) {
    problems.push(`minHostVersion: needs host ${manifest.minHostVersion}, this host is ${HOST_VERSION}`)
  }
  if (!files.has(manifest.main)) problems.push(`main: ${manifest.main} does not exist in the package`)
  return problems.length > 0 ? { manifest: null, problems } : { manifest, problems: [] }
}
