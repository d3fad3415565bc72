import type { Endpoint } from '#core/api/endpoint-types.ts'
import { ERROR_CODES, ERROR_HTTP_STATUS, type ErrorCode } from '#core/errors/error-codes.ts'
import { acceptsApiToken } from '#server/app/auth/token-access.ts'

/** Why an endpoint may answer an error: its code and, when the table implies it, the reason. */
interface EndpointError {
  code: ErrorCode
  reason?: string
}

// Refusals of a body before it is read (size, content type): every code with one of these statuses.
const BODY_REFUSALS = ERROR_CODES.filter((code) => [413, 415].includes(ERROR_HTTP_STATUS[code]))

/**
 * Every error an endpoint can answer, from its table entry: the access guard's refusals
 * (not signed in, foreign workspace, role or install policy, missing CSRF header on a mutation),
 * invalid input, the body refusals, the endpoint's own errors, and INTERNAL.
 */
export function endpointErrors(endpoint: Endpoint): EndpointError[] {
  const errors: EndpointError[] = []
  const add = (code: ErrorCode, reason?: string) => errors.push(reason ? { code, reason } : { code })
  // The request guard checks every path, query and mutation body before any endpoint sees it.
  add('VALIDATION_FAILED', 'the request is not valid')
  if (endpoint.access !== 'public') add('UNAUTHENTICATED', 'not signed in')
  if (endpoint.method !== 'GET') add('FORBIDDEN', 'the CSRF header is missing')
  if (endpoint.access !== 'public' && !acceptsApiToken(endpoint)) add('FORBIDDEN', 'called with an API token')
  if (endpoint.access === 'install') add('FORBIDDEN', "the workspace's install policy excludes the caller")
  if (endpoint.access === 'operator') add('FORBIDDEN', 'the caller is not an owner of the instance workspace')
  if (endpoint.access === 'admin' || endpoint.access === 'owner') {
    add('FORBIDDEN', `the caller's role is below ${endpoint.access}`)
  }
  if (endpoint.path.includes('/:ws')) add('NOT_FOUND', 'the caller is not a member of the workspace')
  if (endpoint.method !== 'GET') for (const code of BODY_REFUSALS) add(code)
  for (const code of endpoint.errors ?? []) add(code)
  add('INTERNAL')
  return errors
}
