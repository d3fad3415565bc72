import type { Context } from 'hono'
import { API_TOKEN_PREFIX } from '#core/api/token-schemas.ts'
import type { ApiTokenRecord, UserRecord } from '#server/app/account-ports.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { sessionIdOf } from './session-token.ts'

/** `last used` is written at most this often per token: a busy script costs no write per call. */
const TOUCH_EVERY_MS = 60_000

type BearerAuth =
  | { kind: 'none' }
  | { kind: 'refused'; reason: string }
  | { kind: 'token'; token: ApiTokenRecord; user: UserRecord }

/** The secret of `Authorization: Bearer <secret>`, or null when the request carries none. */
function bearerOf(c: Context): string | null {
  const header = c.req.header('authorization')
  const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null
  return match?.[1] ?? null
}

/**
 * The API token a request is signed with. A request with a bearer token is judged by it alone (its
 * cookie is ignored): an unknown, revoked or expired token is refused, never taken for anonymous.
 */
export async function loadBearer(c: Context, deps: AppDeps): Promise<BearerAuth> {
  const secret = bearerOf(c)
  if (secret === null) return { kind: 'none' }
  const unknown = { kind: 'refused', reason: 'the API token is unknown or revoked' } as const
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return unknown
  const token = await deps.accounts.findApiToken(await sessionIdOf(secret))
  if (!token) return unknown
  const now = deps.clock.now()
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) {
    return { kind: 'refused', reason: `the API token expired at ${token.expiresAt}` }
  }
  const user = await deps.accounts.getUser(token.userId)
  if (!user) return unknown
  if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= TOUCH_EVERY_MS) {
    await deps.accounts.touchApiToken(token.id, now.toISOString())
  }
  return { kind: 'token', token, user }
}
