import { type Role, SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { createMemoryDeps, type MemoryDepsOptions } from '#mocks/memory-deps.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { createApp } from '#server/app/create-app.ts'
import { checkedRequest } from '#server/app/openapi/response-check.test-helpers.ts'

export const OWN_WS = 'ws-own'
export const FOREIGN_WS = 'ws-foreign'
export const PASSWORD = 'plugboard-demo'
export type Persona = 'anonymous' | Role

const EMAILS: Record<Role | 'stranger', string> = {
  owner: 'owner@own.test',
  admin: 'admin@own.test',
  member: 'member@own.test',
  stranger: 'owner@foreign.test',
}

export interface CallOptions {
  body?: unknown
  csrf?: boolean
  /** A raw session cookie value (overrides the persona's). */
  cookie?: string
  ip?: string
  url?: string
}

/**
 * The app over memory adapters with two workspaces: `ws-own` with an owner, an admin and a member
 * (each signed in), and `ws-foreign` whose only member is a stranger. The client address comes
 * from an `x-test-ip` header (the real server reads the socket).
 */
export async function setupAuthApp(options: MemoryDepsOptions & { sessionTtlMs?: number } = {}) {
  const deps = createMemoryDeps({ stepMs: 0, ...options })
  deps.clientIp = (request) => request.headers.get('x-test-ip')
  if (options.sessionTtlMs) deps.sessionTtlMs = options.sessionTtlMs
  const api = createApp(deps)
  // Every answer is checked against the OpenAPI document before the test reads it.
  const app = { routes: api.routes, request: checkedRequest(api) }
  const userIds: Partial<Record<Role | 'stranger', string>> = {}
  for (const role of ['owner', 'admin', 'member'] as const) {
    const seeded = await seedAccount(deps, {
      workspaceId: OWN_WS,
      email: EMAILS[role],
      name: role,
      role,
      password: PASSWORD,
      sessionToken: `session-${role}`,
    })
    userIds[role] = seeded.userId
  }
  userIds.stranger = (
    await seedAccount(deps, {
      workspaceId: FOREIGN_WS,
      email: EMAILS.stranger,
      name: 'stranger',
      role: 'owner',
      password: PASSWORD,
      sessionToken: 'session-stranger',
    })
  ).userId

  const call = (persona: Persona | 'stranger', method: string, path: string, options: CallOptions = {}) => {
    const headers = new Headers()
    const token = options.cookie ?? (persona === 'anonymous' ? undefined : `session-${persona}`)
    if (token) headers.set('cookie', `${SESSION_COOKIE}=${token}`)
    if (options.csrf !== false) headers.set(CSRF_HEADER, CSRF_HEADER_VALUE)
    if (options.ip) headers.set('x-test-ip', options.ip)
    if (options.body !== undefined) headers.set('content-type', 'application/json')
    return app.request(`${options.url ?? ''}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    })
  }
  return { app, deps, call, emails: EMAILS, userIds: userIds as Record<Role | 'stranger', string> }
}

/** The session cookie a response sets: its value and attributes. */
export function sessionCookieOf(response: Response): { value: string; attributes: string[] } | null {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))
  if (!header) return null
  const [pair = '', ...attributes] = header.split(/;\s*/)
  return { value: pair.slice(SESSION_COOKIE.length + 1), attributes }
}
