import { canTransition, type PluginStatus } from './plugin-status.ts'

/** Operations an admin can start on an installed plugin; each becomes a task. */
export const PLUGIN_ACTIONS = [
  'enable',
  'disable',
  'restart',
  'upgrade',
  'approve',
  'reject',
  'uninstall',
  'reinstall',
  'purge',
] as const
export type PluginAction = (typeof PLUGIN_ACTIONS)[number]

interface ActionRule {
  /** Statuses the action starts from (a refinement: several actions share a target status). */
  readonly from: readonly PluginStatus[]
  /** The status the plugin is in when the action succeeds. */
  readonly to: PluginStatus
}

/**
 * Each action's transition. Every pair here must also be allowed by the lifecycle table
 * (a test checks it), so the table stays the single source of truth.
 */
export const ACTION_RULES: Record<PluginAction, ActionRule> = {
  enable: { from: ['disabled', 'error'], to: 'ready' },
  disable: { from: ['ready', 'error'], to: 'disabled' },
  restart: { from: ['ready'], to: 'ready' },
  // An upgrade ends `ready` or, when it asks for new capabilities, `upgrade_pending`;
  // both are allowed from `ready`, and only the latter from `upgrade_pending`.
  upgrade: { from: ['ready', 'upgrade_pending'], to: 'upgrade_pending' },
  approve: { from: ['upgrade_pending'], to: 'ready' },
  reject: { from: ['upgrade_pending'], to: 'ready' },
  uninstall: { from: ['installed', 'ready', 'disabled', 'error', 'upgrade_pending'], to: 'uninstalled' },
  reinstall: { from: ['uninstalled'], to: 'installed' },
  // Deletes what a soft uninstall kept (an uninstall with purge: the same task kind).
  purge: { from: ['uninstalled'], to: 'uninstalled' },
}

/** Whether `action` may start on a plugin in `status`. */
export function canPerform(action: PluginAction, status: PluginStatus): boolean {
  const rule = ACTION_RULES[action]
  return rule.from.includes(status) && canTransition(status, rule.to)
}

/** The actions a plugin in `status` allows, in menu order. */
export function actionsFor(status: PluginStatus): PluginAction[] {
  return PLUGIN_ACTIONS.filter((action) => canPerform(action, status))
}
