import type { InstallItem } from '#core/api/install-schemas.ts'
import { apiPaths, type RequestOptions } from './api-client.ts'

/**
 * An operation on an installed plugin. Shared by the features that start one (plugin actions)
 * and repeat one (a task's Retry), so each operation maps to its request in one place.
 */
export type PluginOperation =
  | { action: 'enable' | 'disable' | 'restart' | 'approve' | 'reject' }
  /** Dev mode: a plugin in development reloaded from its folder, keeping its state. */
  | { action: 'reload' }
  | { action: 'upgrade'; version: string }
  | { action: 'uninstall'; purge: boolean }

/** A request that starts work: every one answers `202 { task }`. */
export interface OperationRequest {
  path: string
  options: RequestOptions
}

/** The request that starts `operation` on the plugin with row id `pluginId`. */
export function operationRequest(
  workspaceId: string,
  pluginId: string,
  operation: PluginOperation,
): OperationRequest {
  switch (operation.action) {
    case 'enable':
    case 'disable':
    case 'restart':
    case 'reload':
      return {
        path: apiPaths.pluginAction(workspaceId, pluginId, operation.action),
        options: { method: 'POST' },
      }
    case 'approve':
    case 'reject':
      return {
        path: apiPaths.pluginUpgradeDecision(workspaceId, pluginId, operation.action),
        options: { method: 'POST' },
      }
    case 'upgrade':
      return {
        path: apiPaths.pluginAction(workspaceId, pluginId, 'upgrade'),
        options: { method: 'POST', body: { version: operation.version } },
      }
    case 'uninstall':
      return {
        path: `${apiPaths.plugin(workspaceId, pluginId)}?purge=${operation.purge}`,
        options: { method: 'DELETE' },
      }
  }
}

/** An install of catalog versions or uploaded packages, one task item each. */
export function installRequest(workspaceId: string, items: readonly InstallItem[]): OperationRequest {
  return { path: apiPaths.installs(workspaceId), options: { method: 'POST', body: { items } } }
}
