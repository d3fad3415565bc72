import type { TaskBase, TaskItemBase } from '#core/api/task-schemas.ts'
import { isApiRequestError } from '#src/lib/api-client.ts'
import { installRequest, type OperationRequest, operationRequest } from '#src/lib/operation-requests.ts'

/**
 * Item errors that the same request would meet again: the package itself was refused (a broken
 * manifest, a bad archive). Retrying would only fail the same way, so it is not offered.
 */
const PERMANENT_ERRORS = new Set(['PACKAGE_INVALID'])

/**
 * The request that starts a failed task's operation again, or null when repeating it cannot help:
 * an upload install (the task does not keep the package), a package that was refused, or a
 * configuration that was rolled back. Only items
 * that did not succeed are retried.
 */
export function retryRequestFor(workspaceId: string, task: TaskBase): OperationRequest | null {
  const failed = unsucceededItems(task)
  const first = failed[0]
  if (!first || failed.some((item) => PERMANENT_ERRORS.has(item.error?.code ?? ''))) return null
  switch (task.kind) {
    case 'install': {
      const items = []
      for (const item of failed) {
        if (!item.version) return null
        items.push({ source: 'marketplace' as const, pluginId: item.pluginRef, version: item.version })
      }
      return installRequest(workspaceId, items)
    }
    case 'upgrade':
      return first.version
        ? operationRequest(workspaceId, first.pluginId, { action: 'upgrade', version: first.version })
        : null
    case 'uninstall':
      return operationRequest(workspaceId, first.pluginId, {
        action: 'uninstall',
        purge: first.params?.purge === true,
      })
    case 'configure':
      // The values it tried were rolled back: the admin changes them on the plugin page instead.
      return null
    case 'reload':
      // The author's next save reloads again; the code that failed would fail the same way.
      return null
    case 'failover':
      // A failover that failed left the plugin in `error`: starting it again is an enable.
      return operationRequest(workspaceId, first.pluginId, { action: 'enable' })
    default:
      return operationRequest(workspaceId, first.pluginId, { action: task.kind })
  }
}

/**
 * A failed install whose plugin stayed installed in `error` (it failed at load) cannot be installed
 * again (409 INVALID_TRANSITION from `error`): retrying it means starting it again, i.e. enable.
 */
export function fallbackRetryFor(
  workspaceId: string,
  task: TaskBase,
  error: unknown,
): OperationRequest | null {
  const failed = unsucceededItems(task)
  const only = failed.length === 1 ? failed[0] : undefined
  if (task.kind !== 'install' || !only || !isApiRequestError(error) || error.code !== 'INVALID_TRANSITION')
    return null
  const from = (error.details as { from?: unknown } | undefined)?.from
  if (from !== 'error') return null
  return operationRequest(workspaceId, only.pluginId, { action: 'enable' })
}

/** The items a retry repeats: those that failed or were cancelled. */
function unsucceededItems(task: TaskBase): TaskItemBase[] {
  return task.items.filter((item) => item.status === 'failed' || item.status === 'cancelled')
}
