import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import type { ErrorBody } from '#core/api/common-schemas.ts'
import { ApiError, httpStatusOf } from '#core/errors/error-codes.ts'

/** Every problem of a validation error as `path: message`, the shape of `details` on a 400. */
export function listIssues(error: z.core.$ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  )
}

/** The one map from a thrown error to the error body and its HTTP status (statuses from core only). */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) {
    const details = error.details === undefined ? {} : { details: error.details }
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...details } } }
  }
  if (error instanceof z.core.$ZodError) {
    return toErrorBody(new ApiError('VALIDATION_FAILED', 'the request is not valid', listIssues(error)))
  }
  return {
    status: httpStatusOf('INTERNAL'),
    body: { error: { code: 'INTERNAL', message: 'something went wrong on our side' } },
  }
}

/** Hono's onError: answers the error body; unexpected errors are logged, never shown. */
export function errorResponse(error: unknown, c: Context): Response {
  const { status, body } = toErrorBody(error)
  if (status >= 500) console.error('[api] unexpected error', error)
  return c.json(body, status as ContentfulStatusCode)
}

/** Hono's notFound for unknown paths under /api. */
export function notFoundResponse(c: Context): Response {
  return errorResponse(new ApiError('NOT_FOUND', `no such endpoint: ${c.req.method} ${c.req.path}`), c)
}
