import type { Context } from 'hono'
import type { UserRecord } from '#server/app/account-ports.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { readSessionCookie } from './session-cookie.ts'
import { sessionIdOf } from './session-token.ts'

/** The session behind the request's cookie; an expired one is deleted and counts as none. */
export async function loadSession(
  c: Context,
  deps: AppDeps,
): Promise<{ user: UserRecord | null; sessionId: string | null }> {
  const token = readSessionCookie(c) ?? deps.ambientSessionToken?.()
  if (!token || token.length > 200) return { user: null, sessionId: null }
  const sessionId = await sessionIdOf(token)
  const session = await deps.accounts.getSession(sessionId)
  if (!session) return { user: null, sessionId: null }
  if (Date.parse(session.expiresAt) <= deps.clock.now().getTime()) {
    await deps.accounts.deleteSession(sessionId)
    return { user: null, sessionId: null }
  }
  const user = await deps.accounts.getUser(session.userId)
  return user ? { user, sessionId } : { user: null, sessionId: null }
}
