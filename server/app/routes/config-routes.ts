import { actorOf, paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

type ConfigEndpoint =
  | 'getPluginConfig'
  | 'updatePluginConfig'
  | 'checkPluginConfig'
  | 'listPluginConfigHistory'
  | 'restorePluginConfig'

/** `/api/workspaces/:ws/plugins/:id/config`: values (secrets as set / not set), changes as tasks, history. */
export function configHandlers({ config }: Services): EndpointHandlers<ConfigEndpoint> {
  return {
    getPluginConfig: (c) => config.get(workspaceOf(c), paramOf(c, 'id')),
    updatePluginConfig: async (c, { body }) => ({
      task: await config.update(workspaceOf(c), paramOf(c, 'id'), body, actorOf(c)),
    }),
    checkPluginConfig: (c, { body }) => config.check(workspaceOf(c), paramOf(c, 'id'), body),
    listPluginConfigHistory: (c) => config.history(workspaceOf(c), paramOf(c, 'id')),
    restorePluginConfig: async (c, { body }) => ({
      task: await config.restore(workspaceOf(c), paramOf(c, 'id'), body.version, actorOf(c)),
    }),
  }
}
