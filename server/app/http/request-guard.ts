import type { Context, MiddlewareHandler } from 'hono'
import { ApiError } from '#core/errors/error-codes.ts'
import { printable, storedTextProblem, storedTextProblems } from '#core/text/stored-text.ts'
import { readCapped } from '#server/app/streams/read-capped.ts'

/** The largest JSON body the API reads unless configured otherwise (1 MiB). */
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024

export interface RequestGuardOptions {
  /** The largest JSON body accepted; larger ones answer 413 without being read whole. */
  maxJsonBytes?: number
  /**
   * Route patterns (`/api/workspaces/:ws/packages`) whose body is a multipart upload: the route
   * checks its type and size itself (an archive has its own cap).
   */
  uploadRoutes?: readonly string[]
}

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A percent-encoded URL component as text, or null when it is not well-formed UTF-8. */
function decodeStrict(component: string): string | null {
  try {
    return decodeURIComponent(component)
  } catch {
    return null
  }
}

const patternOf = (route: string) =>
  new RegExp(`^${route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`)

/** Every path segment is well-formed text we can look up; otherwise nothing can exist there. */
function checkPath(c: Context): void {
  const { pathname } = new URL(c.req.url)
  for (const segment of pathname.split('/')) {
    const text = decodeStrict(segment)
    if (text === null || storedTextProblem(text)) {
      const path = printable(c.req.path)
      const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path
      throw new ApiError('NOT_FOUND', `no such resource: ${c.req.method} ${shown}`)
    }
  }
}

/** Every query name and value is well-formed, storable text (400 listing each one that is not). */
function checkQuery(c: Context): void {
  const { search } = new URL(c.req.url)
  const problems: string[] = []
  for (const pair of search.slice(1).split('&')) {
    if (!pair) continue
    const [rawName = '', ...rest] = pair.split('=')
    const name = decodeStrict(rawName.replace(/\+/g, ' '))
    const value = decodeStrict(rest.join('=').replace(/\+/g, ' '))
    if (name === null) {
      problems.push('(query): a parameter name is not well-formed percent-encoded UTF-8')
      continue
    }
    const label = printable(name) || '(query)'
    const problem =
      storedTextProblem(name) ??
      (value === null ? 'is not well-formed percent-encoded UTF-8' : storedTextProblem(value))
    if (problem) problems.push(`${label}: ${problem}`)
  }
  if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', 'the query is not valid', problems)
}

const tooLarge = (limit: number) =>
  new ApiError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`, { limit })

const notJson = (details?: unknown) =>
  new ApiError(
    'UNSUPPORTED_MEDIA_TYPE',
    'request bodies are JSON: send Content-Type: application/json',
    details,
  )

const invalidBody = (message: string, problem: string) =>
  new ApiError('VALIDATION_FAILED', message, [`(root): ${problem}`])

/**
 * A request body is JSON (`application/json`, UTF-8), within the cap, well-formed, and holds only
 * storable text. The routes then parse the same bytes against their own schemas.
 */
async function checkJsonBody(c: Context, maxBytes: number): Promise<void> {
  const { raw } = c.req
  const length = raw.headers.get('content-length')
  if (!raw.body || length === '0') return
  const type = raw.headers.get('content-type')
  if (type !== null && !JSON_TYPE.test(type.trim())) {
    throw notJson({ contentType: printable(type) })
  }
  if (length !== null && Number(length) > maxBytes) throw tooLarge(maxBytes)
  const bytes = await readCapped(raw.body, maxBytes, () => tooLarge(maxBytes))
  // The stream is spent: the routes read the body from these bytes (as Hono's own body limit does).
  c.req.raw = new Request(raw, { body: bytes })
  if (bytes.byteLength === 0) return
  if (type === null) throw notJson()
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw invalidBody('the request body is not valid UTF-8', 'malformed UTF-8')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalidBody('the request body is not valid JSON', 'malformed JSON')
  }
  const problems = storedTextProblems(parsed)
  if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', 'the request is not valid', problems)
}

/**
 * The edge of the API, in front of every route (before the access guard, so a refused request
 * never reaches a session, a store or the audit log): a path that is not well-formed, storable
 * text names nothing (404); a query with such text is refused (400); a body must be JSON (415),
 * within the cap (413), and hold only storable text (400). Upload routes check their own bodies.
 */
export function requestGuard(options: RequestGuardOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES
  const uploads = (options.uploadRoutes ?? []).map(patternOf)
  return async (c, next) => {
    checkPath(c)
    checkQuery(c)
    const upload = uploads.some((pattern) => pattern.test(c.req.path))
    if (!BODYLESS_METHODS.has(c.req.method) && !upload) await checkJsonBody(c, maxBytes)
    await next()
  }
}
