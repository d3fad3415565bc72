import type { Context } from 'hono'
import type { UserRecord } from '#server/app/account-ports.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { readSessionCookie } from './session-cookie.ts'
import { sessionIdOf } from './session-token.ts'

/** Recent cookie → session id: a poll does not hash its token again. Bounded; oldest dropped first. */
const recentIds = new Map<string, string>()
const RECENT_IDS = 10_000

async function sessionIdFor(token: string): Promise<string> {
  const known = recentIds.get(token)
  if (known) return known
  const id = await sessionIdOf(token)
  if (recentIds.size >= RECENT_IDS) recentIds.delete(recentIds.keys().next().value as string)
  recentIds.set(token, id)
  return id
}

/** The session behind the request's cookie; an expired one is deleted and counts as none. */
export async function loadSession(
  c: Context,
  deps: AppDeps,
): Promise<{ user: UserRecord | null; sessionId: string | null }> {
  const token = readSessionCookie(c) ?? deps.ambientSessionToken?.()
  if (!token || token.length > 200) return { user: null, sessionId: null }
  const sessionId = await sessionIdFor(token)
  const session = await deps.accounts.getSession(sessionId)
  if (!session) return { user: null, sessionId: null }
  if (Date.parse(session.expiresAt) <= deps.clock.now().getTime()) {
    await deps.accounts.deleteSession(sessionId)
    return { user: null, sessionId: null }
  }
  const user = await deps.accounts.getUser(session.userId)
  return user ? { user, sessionId } : { user: null, sessionId: null }
}
