import type { Plugin } from '#core/api/plugin-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { ACTION_RULES, canPerform, type PluginAction } from '#core/plugins/plugin-actions.ts'
import { taskAlreadyActive } from './new-task.ts'

/**
 * Refuses an action the plugin cannot take now: an active task first (a double click answers with
 * that task), then the lifecycle table (409 naming both states; nothing changes).
 */
export function assertCanStart(action: PluginAction, plugin: Pick<Plugin, 'status' | 'activeTaskId'>): void {
  if (plugin.activeTaskId) throw taskAlreadyActive(plugin.activeTaskId)
  if (!canPerform(action, plugin.status)) {
    const verb = action === 'reinstall' ? 'install' : action
    throw new ApiError('INVALID_TRANSITION', `cannot ${verb}: plugin is "${plugin.status}"`, {
      from: plugin.status,
      to: ACTION_RULES[action].to,
    })
  }
}
