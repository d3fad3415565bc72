import { archiveProblems, type PackageLimits } from './package-rules.ts'
import { gunzip, readTar, type TarEntry, UnpackLimitError } from './tgz-reader.ts'

/**
 * Reads a `.tgz` package's entries without writing anything and lists every reason to refuse it
 * (package-rules.ts). Both adapters check uploads and installs through this one reader, so a name
 * is judged as the archive spells it (a NUL inside a pax name included), before any extraction.
 */
export async function checkArchive(
  bytes: Uint8Array,
  limits: PackageLimits,
): Promise<{ entries: TarEntry[]; problems: string[] }> {
  let entries: TarEntry[]
  try {
    // Tar headers and padding come on top of the files' own bytes.
    entries = readTar(await gunzip(bytes, limits.maxUnpackedBytes + (limits.maxEntries + 2) * 1024))
  } catch (error) {
    const problem =
      error instanceof UnpackLimitError
        ? `package: more than ${limits.maxUnpackedBytes} bytes unpacked`
        : `package: not a readable .tgz archive (${(error as Error).message})`
    return { entries: [], problems: [problem] }
  }
  return { entries, problems: archiveProblems(entries, limits) }
}
