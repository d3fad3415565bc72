import type { UploadedPackage } from '#core/api/package-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import type { PackageInfo } from '#server/app/ports.ts'

/** What installing an upload needs from its manifest; the source names the upload and its sha256. */
export function uploadPackageInfo({ packageId, manifest, sha256 }: UploadedPackage): PackageInfo {
  const m: Manifest = manifest
  return {
    pluginId: m.id,
    version: m.version,
    name: m.name,
    description: m.description,
    author: m.author,
    icon: m.icon,
    categories: [...m.categories],
    capabilities: [...m.capabilities],
    modules: m.modules.map(({ id, name, type }) => ({ id, name, type })),
    source: { type: 'package', packageId, sha256 },
  }
}
