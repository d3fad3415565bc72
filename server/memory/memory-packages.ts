import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import {
  type PackageInfo,
  type Packages,
  type UploadedPackage,
  UploadInvalidError,
  UploadTooLargeError,
} from '#server/app/ports.ts'
import { checkManifest, entryProblems, packageFiles } from './package-check.ts'
import { gunzip, readTar, UnpackLimitError } from './tgz-reader.ts'

export interface MemoryPackagesOptions {
  maxArchiveBytes?: number
  maxUnpackedBytes?: number
  maxEntries?: number
}

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')

async function sha256Of(bytes: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))))
}

const newPackageId = () => `pkg_${hex(crypto.getRandomValues(new Uint8Array(12)))}`

/**
 * Uploads kept in memory for the mocks: the same checks as the server's (entries, caps, manifest)
 * done in the browser, on the archive's bytes; only the manifest and sha256 are kept.
 */
export function createMemoryPackages(options: MemoryPackagesOptions = {}): Packages {
  const maxBytes = options.maxArchiveBytes ?? 10 * 1024 * 1024
  const maxUnpacked = options.maxUnpackedBytes ?? 50 * 1024 * 1024
  const maxEntries = options.maxEntries ?? 2_000
  const byWorkspace = new Map<string, Map<string, UploadedPackage>>()

  async function inspect(bytes: Uint8Array): Promise<UploadedPackage['manifest']> {
    let tar: Uint8Array
    let entries: ReturnType<typeof readTar>
    try {
      // Tar headers and padding come on top of the files' own bytes.
      tar = await gunzip(bytes, maxUnpacked + (maxEntries + 2) * 1024)
      entries = readTar(tar)
    } catch (error) {
      const reason = (error as Error).message
      const problem =
        error instanceof UnpackLimitError
          ? `package: ${reason}`
          : `package: not a readable .tgz archive (${reason})`
      throw new UploadInvalidError('The package archive is not allowed', [problem])
    }
    const problems = entryProblems(entries, maxEntries)
    const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0)
    if (unpacked > maxUnpacked) problems.push(`package: more than ${maxUnpacked} bytes unpacked`)
    if (problems.length > 0) throw new UploadInvalidError('The package archive is not allowed', problems)
    const checked = checkManifest(packageFiles(entries))
    if (!checked.manifest) throw new UploadInvalidError('The plugin manifest is invalid', checked.problems)
    return checked.manifest
  }

  return {
    maxBytes,
    async save(workspaceId, bytes) {
      if (bytes.byteLength > maxBytes) throw new UploadTooLargeError(maxBytes)
      const manifest = await inspect(bytes)
      const upload = { packageId: newPackageId(), manifest, sha256: await sha256Of(bytes) }
      const uploads = byWorkspace.get(workspaceId) ?? new Map<string, UploadedPackage>()
      uploads.set(upload.packageId, upload)
      byWorkspace.set(workspaceId, uploads)
      return upload
    },
    async resolve(workspaceId, packageId): Promise<PackageInfo | null> {
      const upload = byWorkspace.get(workspaceId)?.get(packageId)
      return upload ? uploadPackageInfo(upload) : null
    },
  }
}
