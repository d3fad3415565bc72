import type { Plugin } from '#core/api/plugin-schemas.ts'
import { canTransition } from '#core/plugins/plugin-status.ts'
import type { Store, TransitionRequest } from '#server/app/ports.ts'

/** A status change the lifecycle table does not allow: refused before anything is written. */
export class TransitionForbidden extends Error {
  readonly from: string
  readonly to: string
  constructor(from: string, to: string) {
    super(`the lifecycle does not allow "${from}" → "${to}"`)
    this.name = 'TransitionForbidden'
    this.from = from
    this.to = to
  }
}

/**
 * The one path of every plugin status write (tasks, recovery, supervision): the lifecycle table
 * first (docs/lifecycle.md), then the store's compare-and-set, which appends the timeline event
 * in the same transaction. Throws TransitionForbidden; null when the plugin was no longer `from`.
 */
export function writePluginStatus(
  store: Store,
  workspaceId: string,
  pluginId: string,
  request: TransitionRequest,
): Promise<Plugin | null> {
  if (!canTransition(request.from, request.to)) {
    return Promise.reject(new TransitionForbidden(request.from, request.to))
  }
  return store.transitionPlugin(workspaceId, pluginId, request)
}
