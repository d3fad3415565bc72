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
  'plugin.configure',
  'plugin.pin',
  'plugin.unpin',
  'plugin.update_several',
  'plugin.auto_update',
  'updates.policy',
  'package.upload',
  'source.add',
  'source.remove',
  'task.cancel',
  'task.clear',
  'task.clear_all',
  'member.add',
  'member.role',
  'member.remove',
  'settings.update',
  'node.drain',
] as const

/**
 * The actions whose request starts a task (the entry's `details.taskId`): the task's end settles
 * their outcome. A cancel or clear names a task too, but is done when it answers.
 */
export const TASK_STARTING_ACTIONS: readonly (typeof AUDIT_ACTIONS)[number][] = [
  'plugin.install',
  'plugin.upgrade',
  'plugin.approve',
  'plugin.reject',
  'plugin.uninstall',
  'plugin.enable',
  'plugin.disable',
  'plugin.restart',
]
