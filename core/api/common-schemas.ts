import { z } from 'zod'
import { ERROR_CODES } from '../errors/error-codes.ts'

/** ISO-8601 timestamps travel as strings. */
export const TimestampSchema = z.iso.datetime({ offset: true })

/** `?page&pageSize` of every list endpoint. */
export function paginationQuery(defaultPageSize: number, maxPageSize: number) {
  return z.object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
  })
}

/** `{ items, total, page, pageSize }` of every list endpoint. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  })
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

/** The one error shape every endpoint answers with. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>

/** Identifiers in paths: short, URL-safe. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _')

/** A plugin's manifest id, `org/name`. */
export const PluginRefSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}$/, 'must look like org/name (lowercase)')

/** Semantic version `major.minor.patch` with an optional pre-release. */
export const SemverSchema = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'must be a semantic version like 1.2.3')
