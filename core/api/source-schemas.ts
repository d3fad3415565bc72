import { z } from 'zod'
import { IdSchema, TimestampSchema } from './common-schemas.ts'

/** The id of the local catalog folder, the source every workspace has and none can remove. */
export const CATALOG_SOURCE_ID = 'catalog'

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
})
export type SourceCreate = z.infer<typeof SourceCreateSchema>

/** Why a source could not answer; the marketplace shows it as a banner while the others still work. */
export const SourceProblemSchema = z.object({
  sourceId: IdSchema,
  name: z.string(),
  code: z.string(),
  message: z.string(),
})
export type SourceProblem = z.infer<typeof SourceProblemSchema>
