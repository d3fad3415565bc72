import { z } from 'zod'
import { DisplayNameSchema, RoleSchema } from './auth-schemas.ts'
import { IdSchema, TimestampSchema } from './common-schemas.ts'

/** Every API token starts with this, so a leaked one is recognisable (and scanners can find it). */
export const API_TOKEN_PREFIX = 'pbt_'

/** The longest life a token may be given; a token without expiry lives until it is revoked. */
export const MAX_TOKEN_DAYS = 3650

/** One API token as listed: never its secret, only the first characters to recognise it by. */
export const ApiTokenSchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** The first characters of the secret (`pbt_` and a few more). */
  prefix: z.string(),
  role: RoleSchema,
  /** Whose token it is: it acts as this member, with at most their current role. */
  owner: z.object({ id: IdSchema, email: z.string() }),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
})
export type ApiToken = z.infer<typeof ApiTokenSchema>

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) })

/** `POST /api/workspaces/:ws/tokens`: a role no higher than the caller's; no expiry → until revoked. */
export const CreateApiTokenSchema = z.strictObject({
  name: DisplayNameSchema,
  role: RoleSchema.default('member'),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
})
export type CreateApiToken = z.infer<typeof CreateApiTokenSchema>

/** The answer of a creation: the only time the secret is ever shown. */
export const CreatedApiTokenSchema = z.object({
  token: ApiTokenSchema,
  secret: z.string().regex(new RegExp(`^${API_TOKEN_PREFIX}`)),
})
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>
