import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { IdSchema } from '#core/api/common-schemas.ts'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '#server/app/packages/package-rules.ts'
import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import type { PackageInfo, Packages } from '#server/app/ports.ts'
import { UploadStore } from './upload-store.ts'

/**
 * The Packages port on disk: one UploadStore per workspace, in `<dir>/<workspaceId>/`, so an
 * upload is found only through the workspace it was posted to. `locate` gives the runtime the
 * `.tgz` of a `source.type === 'package'` PackageInfo (package ids are random, so unique across
 * workspaces).
 */
export class FsPackages implements Packages {
  readonly maxBytes: number
  private readonly dir: string
  private readonly limits: PackageLimits
  private readonly stores = new Map<string, UploadStore>()

  constructor(options: { dir: string; limits?: Partial<PackageLimits> }) {
    this.dir = options.dir
    this.limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits }
    this.maxBytes = this.limits.maxArchiveBytes
  }

  save(workspaceId: string, bytes: Uint8Array): Promise<UploadedPackage> {
    return this.storeOf(workspaceId).save(bytes)
  }

  async resolve(workspaceId: string, packageId: string): Promise<PackageInfo | null> {
    const stored = IdSchema.safeParse(workspaceId).success
      ? await this.storeOf(workspaceId).get(packageId)
      : null
    return stored ? uploadPackageInfo(stored) : null
  }

  /** The `.tgz` of an uploaded package, for ProcessRuntime's `locatePackage`; null otherwise. */
  async locate(pkg: PackageInfo): Promise<string | null> {
    const { type, packageId } = pkg.source
    if (type !== 'package' || !packageId) return null
    let workspaces: string[]
    try {
      workspaces = await readdir(this.dir)
    } catch {
      return null
    }
    for (const workspaceId of workspaces) {
      if (!IdSchema.safeParse(workspaceId).success) continue
      const found = await this.storeOf(workspaceId).locate(packageId)
      if (found) return found
    }
    return null
  }

  /** Keeps an upload another node verified (cluster mode) in this node's folder of the workspace. */
  keep(workspaceId: string, uploaded: UploadedPackage, bytes: Uint8Array): Promise<void> {
    return this.storeOf(workspaceId).keep(uploaded, bytes)
  }

  /** Forgets an upload kept here (its copy in the database could not be written). */
  forget(workspaceId: string, packageId: string): Promise<void> {
    return this.storeOf(workspaceId).remove(packageId)
  }

  private storeOf(workspaceId: string): UploadStore {
    // The workspace id becomes a directory name: only ids the API accepts (no `/`, no `..`).
    if (!IdSchema.safeParse(workspaceId).success) throw new Error(`not a workspace id: ${workspaceId}`)
    let store = this.stores.get(workspaceId)
    if (!store) {
      store = new UploadStore({ dir: join(this.dir, workspaceId), limits: this.limits })
      this.stores.set(workspaceId, store)
    }
    return store
  }
}
