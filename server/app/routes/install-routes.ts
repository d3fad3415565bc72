import { actorOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/**
 * `/api/workspaces/:ws/installs`: one task for one or more catalog plugins; `…/dev-plugins`: dev
 * mode's install of a plugin folder on the server.
 */
export function installHandlers({
  installs,
  dev,
}: Services): EndpointHandlers<'installPlugins' | 'registerDevPlugin'> {
  return {
    installPlugins: async (c, { body }) => ({
      task: await installs.install(workspaceOf(c), body, actorOf(c)),
    }),
    registerDevPlugin: async (c, { body }) => ({
      task: await dev.register(workspaceOf(c), body.path, actorOf(c)),
    }),
  }
}
