import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '#server/app/packages/package-rules.ts'
import { inspectPackage } from './package-reader.ts'

const PACKAGE_ID = /^pkg_[0-9a-f]{24}$/

/**
 * Uploaded `.tgz` packages, kept as `<dir>/<packageId>.tgz` with their manifest and sha256 beside
 * them. An upload is verified completely (entries, caps, manifest) before it is kept; a refused one
 * leaves nothing. The runtime installs from `locate(packageId)`.
 */
export class UploadStore {
  private readonly dir: string
  private readonly limits: PackageLimits

  constructor(options: { dir: string; limits?: Partial<PackageLimits> }) {
    this.dir = options.dir
    this.limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits }
  }

  async save(bytes: Uint8Array): Promise<UploadedPackage> {
    if (bytes.byteLength > this.limits.maxArchiveBytes)
      throw new PackageTooLargeError(this.limits.maxArchiveBytes)
    await mkdir(this.dir, { recursive: true })
    const packageId = `pkg_${randomBytes(12).toString('hex')}`
    const tmp = join(this.dir, `.${packageId}.tgz`)
    try {
      await writeFile(tmp, bytes)
      const { manifest, sha256 } = await inspectPackage(tmp, this.dir, this.limits)
      await writeFile(join(this.dir, `${packageId}.json`), JSON.stringify({ manifest, sha256 }))
      await rename(tmp, join(this.dir, `${packageId}.tgz`))
      return { packageId, manifest, sha256 }
    } catch (error) {
      await rm(tmp, { force: true })
      await rm(join(this.dir, `${packageId}.json`), { force: true })
      throw error
    }
  }

  /**
   * Keeps an upload verified elsewhere (cluster mode: another node verified it and the database
   * holds it), so the runtime can install it from here. The runtime checks its sha256 again.
   */
  async keep(uploaded: UploadedPackage, bytes: Uint8Array): Promise<void> {
    if (!PACKAGE_ID.test(uploaded.packageId)) throw new Error(`not a package id: ${uploaded.packageId}`)
    await mkdir(this.dir, { recursive: true })
    const tmp = join(this.dir, `.${uploaded.packageId}.${randomBytes(4).toString('hex')}.tgz`)
    await writeFile(tmp, bytes)
    await writeFile(
      join(this.dir, `${uploaded.packageId}.json`),
      JSON.stringify({ manifest: uploaded.manifest, sha256: uploaded.sha256 }),
    )
    await rename(tmp, join(this.dir, `${uploaded.packageId}.tgz`))
  }

  /** The stored upload, or null when unknown (or not a package id at all). */
  async get(packageId: string): Promise<UploadedPackage | null> {
    if (!PACKAGE_ID.test(packageId)) return null
    try {
      const stored = JSON.parse(await readFile(join(this.dir, `${packageId}.json`), 'utf8'))
      return { packageId, manifest: stored.manifest, sha256: stored.sha256 }
    } catch {
      return null
    }
  }

  /** The `.tgz` of an upload, for the runtime to install from. */
  async locate(packageId: string): Promise<string | null> {
    return (await this.get(packageId)) ? join(this.dir, `${packageId}.tgz`) : null
  }

  async remove(packageId: string): Promise<void> {
    if (!PACKAGE_ID.test(packageId)) return
    await rm(join(this.dir, `${packageId}.tgz`), { force: true })
    await rm(join(this.dir, `${packageId}.json`), { force: true })
  }
}
