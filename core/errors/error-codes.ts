/** Error codes of the HTTP contract (docs/api.md), each with its one HTTP status. */
export const ERROR_HTTP_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  TASK_ALREADY_ACTIVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PACKAGE_INVALID: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const
export type ErrorCode = keyof typeof ERROR_HTTP_STATUS
export const ERROR_CODES = Object.keys(ERROR_HTTP_STATUS) as ErrorCode[]

/** The HTTP status an error code answers with. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_HTTP_STATUS[code]
}

/** A domain error with a stable code; the server maps it to `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  get status(): number {
    return httpStatusOf(this.code)
  }
}
