import { mkdir, stat } from 'node:fs/promises'
import { extract, list, type ReadEntry } from 'tar'
import { PackageInvalidError, type PackageLimits, unsafePathReason } from './package-limits.ts'

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory'])

function entryProblem(entry: Pick<ReadEntry, 'path' | 'type'>): string | null {
  const pathReason = unsafePathReason(entry.path)
  if (pathReason) return `${entry.path}: ${pathReason}`
  if (!ALLOWED_TYPES.has(entry.type)) {
    const kind = entry.type === 'SymbolicLink' || entry.type === 'Link' ? 'links' : `${entry.type} entries`
    return `${entry.path}: ${kind} are not allowed`
  }
  return null
}

/**
 * Reads the whole archive without writing anything and lists every reason to refuse it: unsafe paths,
 * links, devices, too many entries, too many bytes, or a corrupt archive.
 */
export async function inspectArchive(file: string, limits: PackageLimits): Promise<string[]> {
  const problems: string[] = []
  const { size } = await stat(file)
  if (size > limits.maxArchiveBytes) return [`package: archive larger than ${limits.maxArchiveBytes} bytes`]
  let entries = 0
  let bytes = 0
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        entries++
        bytes += entry.size ?? 0
        const problem = entryProblem(entry)
        if (problem) problems.push(problem)
      },
    })
  } catch (error) {
    problems.push(`package: not a readable .tgz archive (${(error as Error).message})`)
  }
  if (entries === 0 && problems.length === 0) problems.push('package: the archive is empty')
  if (entries > limits.maxEntries) problems.push(`package: more than ${limits.maxEntries} entries`)
  if (bytes > limits.maxUnpackedBytes)
    problems.push(`package: more than ${limits.maxUnpackedBytes} bytes unpacked`)
  return problems
}

/**
 * Extracts an archive into `dest` after `inspectArchive` found nothing wrong. The filter repeats the
 * checks as a second line of defence; ownership and permissions from the archive are not kept.
 */
export async function extractArchive(file: string, dest: string, limits: PackageLimits): Promise<void> {
  const problems = await inspectArchive(file, limits)
  if (problems.length > 0) throw new PackageInvalidError('The package archive is not allowed', problems)
  await mkdir(dest, { recursive: true })
  const refused: string[] = []
  await extract({
    file,
    cwd: dest,
    strict: true,
    preserveOwner: false,
    noChmod: true,
    filter: (path, entry) => {
      const problem = entryProblem({ path, type: (entry as ReadEntry).type ?? 'File' })
      if (problem) refused.push(problem)
      return problem === null
    },
  })
  if (refused.length > 0) throw new PackageInvalidError('The package archive is not allowed', refused)
}
