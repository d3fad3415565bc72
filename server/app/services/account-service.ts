import type { Context } from 'hono'
import type { AuditAction } from '#core/api/audit-schemas.ts'
import type { ChangePassword, LoginRequest, Me, SetupRequest } from '#core/api/auth-schemas.ts'
import { INSTANCE_WORKSPACE_ID } from '#core/auth/roles.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { UserRecord } from '#server/app/account-ports.ts'
import { authOf } from '#server/app/auth/auth-context.ts'
import { createLoginLimiter } from '#server/app/auth/login-limiter.ts'
import { clearSessionCookie, writeSessionCookie } from '#server/app/auth/session-cookie.ts'
import { newSessionToken, sessionIdOf } from '#server/app/auth/session-token.ts'
import type { AppDeps } from '#server/app/ports.ts'

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60_000
/** The workspace first-run setup creates: the id the SPA starts in. */
export const FIRST_WORKSPACE_ID = INSTANCE_WORKSPACE_ID

/** Setup, sign-in, sign-out and "who am I"; each writes its audit entry. */
export function createAccountService(deps: AppDeps) {
  const { accounts, hasher, clock } = deps
  const ttl = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS
  const limiter = deps.loginLimiter ?? createLoginLimiter(clock)
  // Verified against when the email is unknown, so both failures take the same time.
  let decoy: Promise<string> | undefined

  const audit = (
    c: Context,
    action: AuditAction,
    user: Pick<UserRecord, 'id' | 'email'> | null,
    extra: {
      email?: string
      workspaceId?: string
      reason?: string
      outcome?: 'success' | 'failure'
    } = {},
  ) =>
    accounts.appendAudit({
      workspaceId: extra.workspaceId ?? null,
      at: clock.now().toISOString(),
      actorId: user?.id ?? null,
      actorEmail: user?.email ?? extra.email ?? null,
      action,
      target: null,
      outcome: extra.outcome ?? 'success',
      ip: authOf(c).ip,
      details: extra.reason ? { reason: extra.reason } : {},
    })

  /** A new session for `user`; the request's old one (if any) is deleted: the id changes at every sign-in. */
  async function startSession(c: Context, user: UserRecord): Promise<void> {
    const previous = authOf(c).sessionId
    if (previous) await accounts.deleteSession(previous)
    // Expired sessions are refused when presented; sign-ins also sweep the ones never presented again.
    await accounts.deleteExpiredSessions(clock.now().toISOString())
    const token = newSessionToken()
    const now = clock.now()
    await accounts.createSession({
      id: await sessionIdOf(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttl).toISOString(),
    })
    writeSessionCookie(c, token, ttl)
    deps.onSessionChange?.(token)
  }

  async function me(user: UserRecord): Promise<Me> {
    const memberships = await accounts.listUserWorkspaces(user.id)
    return {
      user: { id: user.id, email: user.email, name: user.name },
      workspaces: memberships.map(({ workspace, role }) => ({
        id: workspace.id,
        name: workspace.name,
        role,
      })),
    }
  }

  return {
    me,
    async setupRequired(): Promise<boolean> {
      return !(await accounts.hasUsers())
    },
    async setup(c: Context, request: SetupRequest): Promise<Me> {
      if (await accounts.hasUsers()) throw new ApiError('CONFLICT', 'setup is done: an owner exists already')
      const at = clock.now().toISOString()
      const user: UserRecord = {
        id: deps.newId('usr'),
        email: request.email,
        name: request.name,
        passwordHash: await hasher.hash(request.password),
        createdAt: at,
      }
      const workspace = {
        id: FIRST_WORKSPACE_ID,
        name: request.workspaceName,
        installPolicy: 'admins' as const,
        createdAt: at,
      }
      if (!(await accounts.setupOwner(user, workspace))) {
        throw new ApiError('CONFLICT', 'setup is done: an owner exists already')
      }
      await startSession(c, user)
      await audit(c, 'auth.setup', user, { workspaceId: workspace.id })
      return me(user)
    },
    async login(c: Context, { email, password }: LoginRequest): Promise<Me> {
      const ip = authOf(c).ip
      const keys = [`email:${email}`, ...(ip ? [`ip:${ip}`] : [])]
      const wait = await limiter.retryAfter(keys)
      if (wait !== null) {
        await audit(c, 'auth.login_failed', null, { email, reason: 'rate_limited', outcome: 'failure' })
        c.header('Retry-After', String(wait))
        throw new ApiError('RATE_LIMITED', `too many failed sign-ins: try again in ${wait} s`, {
          retryAfter: wait,
        })
      }
      const user = await accounts.findUserByEmail(email)
      decoy ??= hasher.hash('not a password of anyone')
      const valid = await hasher.verify(password, user ? user.passwordHash : await decoy)
      if (!user || !valid) {
        await limiter.fail(keys)
        await audit(c, 'auth.login_failed', user, {
          email,
          reason: 'wrong email or password',
          outcome: 'failure',
        })
        throw new ApiError('UNAUTHENTICATED', 'wrong email or password')
      }
      await limiter.forgive(`email:${email}`)
      await startSession(c, user)
      await audit(c, 'auth.login', user)
      return me(user)
    },
    /** A new password; every other session of the user ends (this one stays signed in). */
    async changePassword(c: Context, { currentPassword, newPassword }: ChangePassword): Promise<void> {
      const { user, sessionId } = authOf(c)
      if (!user) throw new ApiError('UNAUTHENTICATED', 'sign in first')
      if (!(await hasher.verify(currentPassword, user.passwordHash))) {
        throw new ApiError('VALIDATION_FAILED', 'the current password is not correct', [
          'currentPassword: is not correct',
        ])
      }
      await accounts.setPasswordHash(user.id, await hasher.hash(newPassword))
      await accounts.deleteUserSessions(user.id, sessionId ?? undefined)
      deps.changes?.accessChanged() // the ended sessions' streams end too
      await audit(c, 'auth.password_change', user)
    },
    async logout(c: Context): Promise<void> {
      const { sessionId, user } = authOf(c)
      if (sessionId) await accounts.deleteSession(sessionId)
      deps.changes?.accessChanged() // the session's streams end too
      clearSessionCookie(c)
      deps.onSessionChange?.(null)
      if (user) await audit(c, 'auth.logout', user)
    },
  }
}

export type AccountService = ReturnType<typeof createAccountService>
