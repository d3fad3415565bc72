import type { Context } from 'hono'
import type { Role } from '#core/api/auth-schemas.ts'
import {
  API_TOKEN_PREFIX,
  type ApiToken,
  type CreateApiToken,
  type CreatedApiToken,
} from '#core/api/token-schemas.ts'
import { roleAtLeast } from '#core/auth/roles.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { ApiTokenRecord, UserRecord } from '#server/app/account-ports.ts'
import { auditedIn } from '#server/app/auth/audit-recorder.ts'
import { authOf, userOf } from '#server/app/auth/auth-context.ts'
import { newSessionToken, sessionIdOf } from '#server/app/auth/session-token.ts'
import type { AppDeps } from '#server/app/ports.ts'

const DAY_MS = 86_400_000
/** `pbt_` and 8 characters of the secret: enough to tell tokens apart, far too few to guess the rest. */
const SHOWN_PREFIX = API_TOKEN_PREFIX.length + 8

const viewOf = (token: ApiTokenRecord, ownerEmail: string): ApiToken => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  role: token.role,
  owner: { id: token.userId, email: ownerEmail },
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt,
  expiresAt: token.expiresAt,
})

/**
 * API tokens of a workspace (docs/accounts.md): every member creates and revokes their own; an owner
 * also sees and revokes everyone's. Only a signed-in person gets here (the endpoints are
 * `sessionOnly`), so `auth.role` is the caller's own role.
 */
export function createApiTokenService(deps: AppDeps) {
  const { accounts } = deps
  const callerOf = (c: Context): { user: UserRecord; role: Role } => {
    const { role } = authOf(c)
    if (!role) throw new ApiError('NOT_FOUND', 'unknown workspace')
    return { user: userOf(c), role }
  }
  /** The tokens the caller may see: their own, or every one for an owner. */
  const visible = async (c: Context, workspaceId: string): Promise<ApiToken[]> => {
    const { user, role } = callerOf(c)
    if (role !== 'owner') {
      return (await accounts.listApiTokens(workspaceId, user.id)).map((token) => viewOf(token, user.email))
    }
    const emails = new Map(
      (await accounts.listMembers(workspaceId)).map((member) => [member.id, member.email]),
    )
    return (await accounts.listApiTokens(workspaceId)).map((token) =>
      viewOf(token, emails.get(token.userId) ?? token.userId),
    )
  }
  return {
    list: async (c: Context, workspaceId: string) => ({ items: await visible(c, workspaceId) }),

    /** The secret is answered here once; only its hash is kept. */
    async create(c: Context, workspaceId: string, request: CreateApiToken): Promise<CreatedApiToken> {
      const { user, role } = callerOf(c)
      if (!roleAtLeast(role, request.role)) {
        throw new ApiError('FORBIDDEN', `a token cannot have more than your role (${role})`)
      }
      const secret = `${API_TOKEN_PREFIX}${newSessionToken()}`
      const now = deps.clock.now()
      const token: ApiTokenRecord = {
        id: deps.newId('tok'),
        workspaceId,
        userId: user.id,
        name: request.name,
        prefix: secret.slice(0, SHOWN_PREFIX),
        hash: await sessionIdOf(secret),
        role: request.role,
        createdAt: now.toISOString(),
        expiresAt: request.expiresInDays
          ? new Date(now.getTime() + request.expiresInDays * DAY_MS).toISOString()
          : null,
        lastUsedAt: null,
      }
      await auditedIn(c, deps, { ws: workspaceId, tokenId: token.id }, async (tx) => {
        await tx.createApiToken(token)
        return token
      })
      return { token: viewOf(token, user.email), secret }
    },

    /** Someone else's token is "not found" to a caller who may not revoke it (they cannot list it either). */
    async revoke(c: Context, workspaceId: string, tokenId: string): Promise<void> {
      const token = (await visible(c, workspaceId)).find((candidate) => candidate.id === tokenId)
      if (!token) throw new ApiError('NOT_FOUND', 'unknown API token')
      const deleted = await auditedIn(
        c,
        deps,
        { ws: workspaceId, tokenId },
        (tx) => tx.deleteApiToken(workspaceId, tokenId),
        { name: token.name, owner: token.owner.email },
      )
      if (!deleted) throw new ApiError('NOT_FOUND', 'unknown API token')
    },
  }
}
