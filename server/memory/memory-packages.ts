import type { UploadedPackage } from '#core/api/package-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { checkArchive } from '#server/app/packages/archive-check.ts'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import {
  DEFAULT_PACKAGE_LIMITS,
  manifestFitProblems,
  type PackageLimits,
  packageRootOf,
  parseManifest,
} from '#server/app/packages/package-rules.ts'
import type { TarEntry } from '#server/app/packages/tgz-reader.ts'
import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import type { PackageInfo, Packages } from '#server/app/ports.ts'

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')

async function sha256Of(bytes: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))))
}

const newPackageId = () => `pkg_${hex(crypto.getRandomValues(new Uint8Array(12)))}`
const clean = (path: string) => path.replace(/^(\.\/)+/, '').replace(/\/+$/, '')

/** Files by path relative to the package root (see packageRootOf). */
function packageFiles(entries: readonly TarEntry[]): Map<string, Uint8Array> {
  const files = new Map(
    entries.filter((entry) => entry.type !== '5').map((entry) => [clean(entry.path), entry.data]),
  )
  const top = new Map<string, boolean>()
  for (const path of files.keys()) {
    const [name = '', ...rest] = path.split('/')
    top.set(name, (top.get(name) ?? false) || rest.length > 0)
  }
  const root = packageRootOf([...top].map(([name, directory]) => ({ name, directory })))
  if (root === null) return files
  return new Map([...files].map(([path, data]) => [path.slice(root.length + 1), data]))
}

/**
 * Uploads kept in memory for the mocks: the same rules as the server's (package-rules.ts) applied
 * in the browser to the archive's bytes; only the manifest and sha256 are kept.
 */
export function createMemoryPackages(options: Partial<PackageLimits> = {}): Packages {
  const limits = { ...DEFAULT_PACKAGE_LIMITS, ...options }
  const byWorkspace = new Map<string, Map<string, UploadedPackage>>()

  async function inspect(bytes: Uint8Array): Promise<Manifest> {
    const { entries, problems } = await checkArchive(bytes, limits)
    if (problems.length > 0) throw new PackageInvalidError('The package archive is not allowed', problems)
    const files = packageFiles(entries)
    const manifestBytes = files.get('plugin.json')
    const read = parseManifest(manifestBytes ? new TextDecoder().decode(manifestBytes) : null)
    if (!read.manifest) throw new PackageInvalidError('The plugin manifest is invalid', read.problems)
    const fit = manifestFitProblems(read.manifest, { mainExists: files.has(read.manifest.main) })
    if (fit.length > 0) throw new PackageInvalidError('The plugin manifest is invalid', fit)
    return read.manifest
  }

  return {
    maxBytes: limits.maxArchiveBytes,
    async save(workspaceId, bytes) {
      if (bytes.byteLength > limits.maxArchiveBytes) throw new PackageTooLargeError(limits.maxArchiveBytes)
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
