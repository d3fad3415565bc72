import type { Context } from 'hono'
import type { Role } from '#core/api/auth-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { ApiTokenRecord, UserRecord, WorkspaceRecord } from '#server/app/account-ports.ts'
import type { EndpointEntry } from './endpoint-match.ts'

/** What the access guard learned about a request, for the routes behind it. */
export interface AuthState {
  endpoint: EndpointEntry
  user: UserRecord | null
  /** The stored id of the request's session (to rotate or delete it). */
  sessionId: string | null
  /** The API token the request is signed with instead of a session (then `sessionId` is null). */
  apiToken: ApiTokenRecord | null
  /** Set for workspace routes: the path's workspace and the caller's role in it (a token's: at most its own). */
  workspace: WorkspaceRecord | null
  role: Role | null
  ip: string | null
  /** Set when the use-case wrote its own audit entry (in its transaction); the guard then does not. */
  audited?: boolean
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: AuthState
  }
}

export function authOf(c: Context): AuthState {
  const auth = c.get('auth')
  if (!auth) throw new Error('the access guard did not run for this route')
  return auth
}

/** The signed-in user; routes that need one are `authenticated` or stricter in the route table. */
export function userOf(c: Context): UserRecord {
  const { user } = authOf(c)
  if (!user) throw new ApiError('UNAUTHENTICATED', 'sign in first')
  return user
}
