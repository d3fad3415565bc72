import type { Task } from '#core/api/task-schemas.ts'
import { apiPaths, isApiRequestError, type RequestOptions } from '#src/lib/api-client.ts'

export interface RetryRequest {
  path: string
  options: RequestOptions
}

/**
 * The request that starts a failed task's operation again, or null when it cannot be repeated
 * (an upload install: the task does not keep the package). Only items that did not succeed are retried.
 */
export function retryRequestFor(workspaceId: string, task: Task): RetryRequest | null {
  const failed = unsucceededItems(task)
  const first = failed[0]
  if (!first) return null
  switch (task.kind) {
    case 'install': {
      if (failed.some((item) => !item.version)) return null
      const items = failed.map((item) => ({
        source: 'marketplace',
        pluginId: item.pluginRef,
        version: item.version,
      }))
      return { path: apiPaths.installs(workspaceId), options: { method: 'POST', body: { items } } }
    }
    case 'enable':
    case 'disable':
    case 'restart':
      return {
        path: apiPaths.pluginAction(workspaceId, first.pluginId, task.kind),
        options: { method: 'POST' },
      }
    case 'upgrade':
      if (!first.version) return null
      return {
        path: apiPaths.pluginAction(workspaceId, first.pluginId, 'upgrade'),
        options: { method: 'POST', body: { version: first.version } },
      }
    case 'approve':
    case 'reject':
      return {
        path: apiPaths.pluginUpgradeDecision(workspaceId, first.pluginId, task.kind),
        options: { method: 'POST' },
      }
    case 'uninstall':
      return {
        path: `${apiPaths.plugin(workspaceId, first.pluginId)}?purge=${first.params?.purge === true}`,
        options: { method: 'DELETE' },
      }
    default:
      return null
  }
}

/**
 * A failed install whose plugin stayed installed in `error` (it failed at load) cannot be installed
 * again (409 INVALID_TRANSITION from `error`): retrying it means starting it again, i.e. enable.
 */
export function fallbackRetryFor(workspaceId: string, task: Task, error: unknown): RetryRequest | null {
  const failed = unsucceededItems(task)
  const only = failed.length === 1 ? failed[0] : undefined
  if (task.kind !== 'install' || !only || !isApiRequestError(error) || error.code !== 'INVALID_TRANSITION')
    return null
  const from = (error.details as { from?: unknown } | undefined)?.from
  if (from !== 'error') return null
  return { path: apiPaths.pluginAction(workspaceId, only.pluginId, 'enable'), options: { method: 'POST' } }
}

/** The items a retry repeats: those that failed or were cancelled. */
function unsucceededItems(task: Task) {
  return task.items.filter((item) => item.status === 'failed' || item.status === 'cancelled')
}
