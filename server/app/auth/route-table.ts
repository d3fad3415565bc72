import type { AuditAction } from '#core/api/audit-schemas.ts'

/**
 * Who may call an endpoint. `member`/`admin`/`owner` are roles in the path's workspace;
 * `install` follows the workspace's installPolicy (everyone → member, admins → admin, nobody → no one).
 */
export const ACCESS_LEVELS = ['public', 'authenticated', 'member', 'admin', 'owner', 'install'] as const
export type Access = (typeof ACCESS_LEVELS)[number]

export type RouteMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export interface RouteRule {
  method: RouteMethod
  /** Hono's pattern, e.g. `/api/workspaces/:ws/plugins/:id`. */
  path: string
  access: Access
  /** Written to the audit log when the call succeeds. */
  audit?: AuditAction
}

const WS = '/api/workspaces/:ws'
const PLUGIN = `${WS}/plugins/:id`
const rule = (method: RouteMethod, path: string, access: Access, audit?: AuditAction): RouteRule =>
  audit ? { method, path, access, audit } : { method, path, access }

/**
 * The one route table: every endpoint of the API and who may call it. The access guard answers
 * 404 for a path that has no rule, and the authorization matrix test walks this table and fails
 * for any route the app serves without a rule.
 */
export const ROUTE_TABLE: readonly RouteRule[] = [
  rule('GET', '/api/health', 'public'),
  rule('GET', '/api/auth/setup', 'public'),
  rule('POST', '/api/auth/setup', 'public'),
  rule('POST', '/api/auth/login', 'public'),
  rule('POST', '/api/auth/logout', 'public'),
  rule('GET', '/api/auth/me', 'authenticated'),
  rule('POST', '/api/auth/password', 'authenticated'),
  rule('GET', '/api/workspaces', 'authenticated'),
  rule('POST', '/api/workspaces', 'authenticated'),

  rule('GET', `${WS}/plugins`, 'member'),
  rule('GET', PLUGIN, 'member'),
  rule('GET', `${PLUGIN}/events`, 'member'),
  rule('GET', `${PLUGIN}/health`, 'member'),
  rule('GET', `${PLUGIN}/logs`, 'member'),
  rule('POST', `${PLUGIN}/enable`, 'admin', 'plugin.enable'),
  rule('POST', `${PLUGIN}/disable`, 'admin', 'plugin.disable'),
  rule('POST', `${PLUGIN}/restart`, 'admin', 'plugin.restart'),
  rule('POST', `${PLUGIN}/upgrade`, 'admin', 'plugin.upgrade'),
  rule('POST', `${PLUGIN}/upgrade/approve`, 'admin', 'plugin.approve'),
  rule('POST', `${PLUGIN}/upgrade/reject`, 'admin', 'plugin.reject'),
  rule('DELETE', PLUGIN, 'admin', 'plugin.uninstall'),
  rule('POST', `${PLUGIN}/pin`, 'admin', 'plugin.pin'),
  rule('DELETE', `${PLUGIN}/pin`, 'admin', 'plugin.unpin'),

  rule('GET', `${WS}/marketplace`, 'member'),
  rule('GET', `${WS}/marketplace/:org/:name`, 'member'),
  rule('GET', `${WS}/marketplace/:pluginId`, 'member'),
  rule('POST', `${WS}/installs`, 'install', 'plugin.install'),
  rule('POST', `${WS}/packages`, 'install', 'package.upload'),
  rule('GET', `${WS}/sources`, 'member'),
  rule('POST', `${WS}/sources`, 'admin', 'source.add'),
  rule('DELETE', `${WS}/sources/:sourceId`, 'admin', 'source.remove'),
  rule('GET', `${WS}/updates`, 'member'),
  rule('POST', `${WS}/updates`, 'admin', 'plugin.update_several'),
  rule('GET', `${WS}/updates/policy`, 'member'),
  rule('PATCH', `${WS}/updates/policy`, 'admin', 'updates.policy'),

  rule('GET', `${WS}/tasks`, 'member'),
  rule('POST', `${WS}/tasks/clear`, 'admin', 'task.clear_all'),
  rule('GET', `${WS}/tasks/:taskId`, 'member'),
  rule('POST', `${WS}/tasks/:taskId/cancel`, 'admin', 'task.cancel'),
  rule('DELETE', `${WS}/tasks/:taskId`, 'admin', 'task.clear'),

  rule('GET', `${WS}/members`, 'member'),
  rule('POST', `${WS}/members`, 'owner', 'member.add'),
  rule('PATCH', `${WS}/members/:userId`, 'owner', 'member.role'),
  rule('DELETE', `${WS}/members/:userId`, 'owner', 'member.remove'),
  rule('GET', `${WS}/settings`, 'member'),
  rule('PATCH', `${WS}/settings`, 'owner', 'settings.update'),
  rule('GET', `${WS}/audit`, 'admin'),
]

export interface RouteMatch {
  rule: RouteRule
  params: Record<string, string>
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean)

/**
 * The rule for a request; among several that match, the one with the most literal segments
 * (`/tasks/clear` before `/tasks/:taskId`). Null when the table has none: the guard refuses it.
 */
export function matchRoute(method: string, path: string, table = ROUTE_TABLE): RouteMatch | null {
  const actual = segmentsOf(path)
  let best: (RouteMatch & { literal: number }) | null = null
  for (const candidate of table) {
    if (candidate.method !== method) continue
    const pattern = segmentsOf(candidate.path)
    if (pattern.length !== actual.length) continue
    const params: Record<string, string> = {}
    let literal = 0
    const matches = pattern.every((segment, index) => {
      const value = actual[index] ?? ''
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = value
        return true
      }
      literal++
      return segment === value
    })
    if (matches && (!best || literal > best.literal)) best = { rule: candidate, params, literal }
  }
  return best && { rule: best.rule, params: best.params }
}
