import { mkdir, readFile, stat } from 'node:fs/promises'
import { extract, type ReadEntry } from 'tar'
import { checkArchive } from '#server/app/packages/archive-check.ts'
import { PackageInvalidError } from '#server/app/packages/package-errors.ts'
import { entryProblem, type PackageLimits } from '#server/app/packages/package-rules.ts'

/** node-tar's entry types as the ustar type flags the package rules speak of. */
const TYPE_FLAGS: Record<string, string> = {
  File: '0',
  OldFile: '0',
  ContiguousFile: '7',
  Directory: '5',
  Link: '1',
  SymbolicLink: '2',
  CharacterDevice: '3',
  BlockDevice: '4',
  FIFO: '6',
}

/**
 * Reads the whole archive without writing anything and lists every reason to refuse it (the rules of
 * package-rules.ts, read by the same reader as in the browser), or nothing when it may be extracted.
 */
export async function inspectArchive(file: string, limits: PackageLimits): Promise<string[]> {
  const { size } = await stat(file)
  if (size > limits.maxArchiveBytes) return [`package: archive larger than ${limits.maxArchiveBytes} bytes`]
  return (await checkArchive(new Uint8Array(await readFile(file)), limits)).problems
}

/**
 * Extracts an archive into `dest` after `inspectArchive` found nothing wrong. The filter repeats the
 * entry rules on node-tar's own reading as a second line of defence; ownership and permissions from
 * the archive are not kept.
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
      const type = (entry as ReadEntry).type ?? 'File'
      const problem = entryProblem({ path, type: TYPE_FLAGS[type] ?? type })
      if (problem) refused.push(problem)
      return problem === null
    },
  })
  if (refused.length > 0) throw new PackageInvalidError('The package archive is not allowed', refused)
}
