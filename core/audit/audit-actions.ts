/**
 * What the audit log records (docs/accounts.md). Plain (no zod) so the SPA's audit filter can
 * import it without loading zod.
 */
export const AUDIT_ACTIONS = [
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
  'plugin.reload',
  'plugin.configure',
  'plugin.pin',
  'plugin.unpin',
  'plugin.update_several',
  'plugin.auto_update',
  'updates.policy',
  'package.upload',
  'source.add',
  'source.remove',
  'source.update',
  'task.cancel',
  'task.clear',
  'task.clear_all',
  'member.add',
  'member.role',
  'member.remove',
  'token.create',
  'token.revoke',
  'settings.update',
  'node.drain',
] as const

/**
 * Actions that start a task without an HTTP call (background jobs). The ones an HTTP call starts
 * follow from the endpoint table (core/audit/task-starting-actions.ts).
 */
export const BACKGROUND_TASK_ACTIONS = [
  'plugin.auto_update',
] as const satisfies readonly (typeof AUDIT_ACTIONS)[number][]
