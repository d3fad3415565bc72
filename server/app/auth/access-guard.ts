import type { MiddlewareHandler } from 'hono'
import type { Role } from '#core/api/auth-schemas.ts'
import { IdSchema } from '#core/api/common-schemas.ts'
import type { Access } from '#core/api/endpoint-types.ts'
import type { InstallPolicy } from '#core/api/workspace-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { INSTANCE_WORKSPACE_ID, installRole, roleAtLeast } from '#core/auth/roles.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { recordAudit } from './audit-recorder.ts'
import type { AuthState } from './auth-context.ts'
import { matchEndpoint } from './endpoint-match.ts'
import { loadSession } from './session-loader.ts'
import { acceptsApiToken, weakerRole } from './token-access.ts'
import { loadBearer } from './token-loader.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The least role `access` needs in the workspace, or null when nobody may. */
function requiredRole(access: Exclude<Access, 'operator'>, installPolicy: InstallPolicy): Role | null {
  if (access === 'member' || access === 'admin' || access === 'owner') return access
  return installRole(installPolicy)
}

/**
 * The one middleware in front of every /api route: endpoint table lookup (no entry → 404), CSRF
 * header on every mutation, session, then the endpoint's access level. Not a member of the path's
 * workspace → 404 with no data (never 403 for a foreign workspace); a member lacking the role →
 * 403. Successful audited calls are written to the audit log afterwards.
 *
 * A request with `Authorization: Bearer <API token>` is judged by the token instead of the cookie,
 * and needs no CSRF header: a cross-site form cannot send that header.
 */
export function accessGuard(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method
    const match = matchEndpoint(method, c.req.path)
    if (!match) throw new ApiError('NOT_FOUND', `no such endpoint: ${c.req.method} ${c.req.path}`)
    const bearer = await loadBearer(c, deps)
    if (
      bearer.kind === 'none' &&
      !SAFE_METHODS.has(c.req.method) &&
      c.req.header(CSRF_HEADER) !== CSRF_HEADER_VALUE
    ) {
      throw new ApiError('FORBIDDEN', `mutations need the ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} header`)
    }
    const { endpoint, params } = match
    const session =
      bearer.kind === 'none'
        ? await loadSession(c, deps)
        : { user: bearer.kind === 'token' ? bearer.user : null, sessionId: null }
    const auth: AuthState = {
      endpoint,
      ...session,
      apiToken: bearer.kind === 'token' ? bearer.token : null,
      workspace: null,
      role: null,
      ip: deps.clientIp?.(c.req.raw, c.env) ?? null,
    }
    c.set('auth', auth)
    if (endpoint.access !== 'public') {
      if (bearer.kind === 'refused') throw new ApiError('UNAUTHENTICATED', bearer.reason)
      if (!auth.user) throw new ApiError('UNAUTHENTICATED', 'sign in first')
      if (auth.apiToken && !acceptsApiToken(endpoint)) {
        throw new ApiError('FORBIDDEN', 'an API token cannot call this: sign in to the console')
      }
      if (endpoint.access === 'operator') await authorizeOperator(deps, auth)
      else if (endpoint.access !== 'authenticated') await authorizeWorkspace(deps, auth, params.ws)
    }
    await next()
    if (endpoint.audit && c.res.status < 300) await recordAudit(c, deps, endpoint.audit, params)
  }
}

async function authorizeWorkspace(deps: AppDeps, auth: AuthState, ws: string | undefined): Promise<void> {
  const user = auth.user as NonNullable<AuthState['user']>
  const id = IdSchema.safeParse(ws)
  // A token acts only in its own workspace: any other is as foreign as one the owner never joined.
  const inScope = id.success && (!auth.apiToken || auth.apiToken.workspaceId === id.data)
  const memberRole = inScope ? await deps.accounts.getRole(id.data, user.id) : null
  const workspace = memberRole && id.success ? await deps.accounts.getWorkspace(id.data) : null
  if (!memberRole || !workspace) throw new ApiError('NOT_FOUND', 'unknown workspace')
  const role = auth.apiToken ? weakerRole(auth.apiToken.role, memberRole) : memberRole
  auth.workspace = workspace
  auth.role = role
  const required = requiredRole(auth.endpoint.access as Exclude<Access, 'operator'>, workspace.installPolicy)
  if (!required) throw new ApiError('FORBIDDEN', 'installing plugins is turned off in this workspace')
  if (!roleAtLeast(role, required)) {
    throw new ApiError('FORBIDDEN', `this needs the ${required} role; you are ${role}`)
  }
}

/**
 * Instance-wide routes (the cluster's nodes): only an owner of the instance workspace. The route
 * names no workspace, so there is nothing to hide: anyone else signed in gets 403.
 */
async function authorizeOperator(deps: AppDeps, auth: AuthState): Promise<void> {
  const user = auth.user as NonNullable<AuthState['user']>
  const role = await deps.accounts.getRole(INSTANCE_WORKSPACE_ID, user.id)
  if (role !== 'owner') {
    throw new ApiError('FORBIDDEN', `this needs the owner role of the workspace ${INSTANCE_WORKSPACE_ID}`)
  }
}
