import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import type { PackageInfo, Packages } from '#server/app/ports.ts'
import type { Db } from '#server/sql/db.ts'
import type { FsPackages } from './fs-packages.ts'

interface Row {
  workspace_id: string
  manifest: string
  sha256: string
}

/**
 * Cluster mode: uploads shared by every node through the database (migration 0008). An upload is
 * verified on the node that received it (kept in its DATA_DIR as on one process) and then stored
 * in `uploaded_packages`; any node resolves it from there, and the first time it installs it, it
 * copies the archive into its own DATA_DIR. docs/decisions/0011-cluster-shared-state.md.
 */
export class DbPackages implements Packages {
  readonly maxBytes: number
  private readonly db: Db
  private readonly local: FsPackages

  constructor(options: { db: Db; local: FsPackages }) {
    this.db = options.db
    this.local = options.local
    this.maxBytes = options.local.maxBytes
  }

  async save(workspaceId: string, bytes: Uint8Array): Promise<UploadedPackage> {
    const uploaded = await this.local.save(workspaceId, bytes)
    try {
      await this.db.query(
        `INSERT INTO uploaded_packages (id, workspace_id, manifest, sha256, archive)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          uploaded.packageId,
          workspaceId,
          JSON.stringify(uploaded.manifest),
          uploaded.sha256,
          Buffer.from(bytes),
        ],
      )
    } catch (error) {
      await this.local.forget(workspaceId, uploaded.packageId)
      throw error
    }
    return uploaded
  }

  async resolve(workspaceId: string, packageId: string): Promise<PackageInfo | null> {
    const row = await this.row(packageId)
    return row && row.workspace_id === workspaceId ? uploadPackageInfo(uploadedOf(packageId, row)) : null
  }

  /** The `.tgz` for the runtime: this node's copy, fetched from the database the first time. */
  async locate(pkg: PackageInfo): Promise<string | null> {
    const { type, packageId } = pkg.source
    if (type !== 'package' || !packageId) return null
    const here = await this.local.locate(pkg)
    if (here) return here
    const { rows } = await this.db.query<Row & { archive: Uint8Array }>(
      'SELECT workspace_id, manifest, sha256, archive FROM uploaded_packages WHERE id = $1',
      [packageId],
    )
    const row = rows[0]
    if (!row) return null
    await this.local.keep(row.workspace_id, uploadedOf(packageId, row), row.archive)
    return this.local.locate(pkg)
  }

  private async row(packageId: string): Promise<Row | null> {
    const { rows } = await this.db.query<Row>(
      'SELECT workspace_id, manifest, sha256 FROM uploaded_packages WHERE id = $1',
      [packageId],
    )
    return rows[0] ?? null
  }
}

function uploadedOf(packageId: string, row: Row): UploadedPackage {
  return { packageId, manifest: JSON.parse(row.manifest), sha256: row.sha256 }
}
