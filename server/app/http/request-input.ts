import type { Context } from 'hono'
import type { z } from 'zod'
import { IdSchema } from '#core/api/common-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { userOf } from '#server/app/auth/auth-context.ts'

/**
 * Parsing at the edge: a ZodError thrown here becomes a 400 VALIDATION_FAILED listing every
 * problem (see error-response.ts).
 */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return schema.parse(c.req.query())
}

/**
 * The JSON body (read, capped and checked once by the request guard) against the route's schema.
 * Body schemas are strict objects: an unknown field is refused, never silently dropped.
 */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'the request body is not valid JSON', ['(root): malformed JSON'])
  }
  return schema.parse(body)
}

/** The workspace of the path (the access guard has checked the caller is a member of it). */
export function workspaceOf(c: Context): string {
  const parsed = IdSchema.safeParse(c.req.param('ws'))
  if (!parsed.success) throw new ApiError('NOT_FOUND', 'unknown workspace')
  return parsed.data
}

/** A required path parameter. */
export function paramOf(c: Context, name: string): string {
  const value = c.req.param(name)
  if (!value) throw new ApiError('NOT_FOUND', `missing ${name}`)
  return value
}

/** Who is acting: the signed-in user's email (tasks and events record it). */
export function actorOf(c: Context): string {
  return userOf(c).email
}
