import { z } from 'zod'
import { ManifestSchema } from '../manifest/manifest-schema.ts'

/** `POST …/packages` answers the verified manifest and the archive's sha256 (docs/api.md). */
export const UploadedPackageSchema = z.object({
  packageId: z.string(),
  manifest: ManifestSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})
export type UploadedPackage = z.infer<typeof UploadedPackageSchema>
