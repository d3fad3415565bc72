import { z } from 'zod'
import { IdSchema, TimestampSchema } from './common-schemas.ts'
import { SIGNATURE_POLICIES } from './signature-policies.ts'

/** The id of the local catalog folder, the source every workspace has and none can remove. */
export const CATALOG_SOURCE_ID = 'catalog'

/** A source's signature policy (core/api/signature-policies.ts). */
export const SignaturePolicySchema = z.enum(SIGNATURE_POLICIES)

/**
 * A version's signature as verified against its registry's keys, and whether it carries a
 * provenance attestation (shown, not verified: that would need Sigstore).
 */
export const VersionTrustSchema = z.object({
  /** The exact version verified (a dist-tag resolved). */
  version: z.string(),
  signature: z.enum(['signed', 'invalid', 'unsigned']),
  /** The registry's host that signed it (or whose keys did not verify it). */
  registry: z.string(),
  /** The key that verified the signature, or the one named by an invalid one. */
  keyId: z.string().nullable(),
  /** Why a signature is invalid. */
  reason: z.string().nullable(),
  provenance: z.boolean(),
})
export type VersionTrust = z.infer<typeof VersionTrustSchema>

/**
 * A marketplace source as the API shows it. A registry's token is write-only: `hasToken` says
 * whether one is stored, the token itself never leaves the server.
 */
export const SourceSchema = z.object({
  id: IdSchema,
  kind: z.enum(['catalog', 'registry']),
  name: z.string(),
  url: z.string().nullable(),
  scope: z.string().nullable(),
  hasToken: z.boolean(),
  signaturePolicy: SignaturePolicySchema,
  createdAt: TimestampSchema.nullable(),
})
export type Source = z.infer<typeof SourceSchema>

export const SourceListSchema = z.object({ items: z.array(SourceSchema) })
export type SourceList = z.infer<typeof SourceListSchema>

/** `POST …/sources`: an npm-compatible registry. */
export const SourceCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .transform((url) => url.replace(/\/+$/, '')),
  token: z.string().min(1).max(4_096).optional(),
  /** Only packages of this scope (`@acme`) are listed; also the search text where search is weak. */
  scope: z
    .string()
    .regex(/^@[a-z0-9][a-z0-9._~-]{0,213}$/, 'must look like @scope')
    .optional(),
  /** Default `off`. */
  signaturePolicy: SignaturePolicySchema.optional(),
})
export type SourceCreate = z.infer<typeof SourceCreateSchema>

/** `PATCH …/sources/:sourceId`: what an admin may change of a registry source. */
export const SourceUpdateSchema = z.strictObject({ signaturePolicy: SignaturePolicySchema })
export type SourceUpdate = z.infer<typeof SourceUpdateSchema>

/** Why a source could not answer; the marketplace shows it as a banner while the others still work. */
export const SourceProblemSchema = z.object({
  sourceId: IdSchema,
  name: z.string(),
  code: z.string(),
  message: z.string(),
})
export type SourceProblem = z.infer<typeof SourceProblemSchema>
