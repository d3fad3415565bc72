import { actorOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/installs`: one task for one or more catalog plugins. */
export function installHandlers({ installs }: Services): EndpointHandlers<'installPlugins'> {
  return {
    installPlugins: async (c, { body }) => ({
      task: await installs.install(workspaceOf(c), body, actorOf(c)),
    }),
  }
}
