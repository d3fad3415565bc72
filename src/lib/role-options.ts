import type { AuditAction } from '#core/api/audit-schemas.ts'
import type { Role } from '#core/api/auth-schemas.ts'

/**
 * Lists the SPA offers in selects. Core's copies live beside zod schemas, which no SPA chunk should
 * load; a test checks that both say the same.
 */
export const ROLE_OPTIONS = ['member', 'admin', 'owner'] as const satisfies readonly Role[]

export const AUDIT_ACTION_OPTIONS = [
  'auth.setup',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'workspace.create',
  'plugin.install',
  'plugin.upgrade',
  'plugin.approve',
  'plugin.reject',
  'plugin.uninstall',
  'plugin.enable',
  'plugin.disable',
  'plugin.restart',
  'package.upload',
  'task.cancel',
  'task.clear',
  'task.clear_all',
  'member.add',
  'member.role',
  'member.remove',
  'settings.update',
] as const satisfies readonly AuditAction[]
