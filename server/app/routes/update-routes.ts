import { actorOf, paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/** Available updates, update several at once, the update policy, and pins. */
export function updateHandlers({
  updates,
}: Services): EndpointHandlers<
  'listUpdates' | 'updateSeveral' | 'getUpdatePolicy' | 'setUpdatePolicy' | 'pinPlugin' | 'unpinPlugin'
> {
  return {
    listUpdates: (c) => updates.list(workspaceOf(c)),
    updateSeveral: async (c, { body }) => ({ task: await updates.update(workspaceOf(c), body, actorOf(c)) }),
    getUpdatePolicy: (c) => updates.policy(workspaceOf(c)),
    setUpdatePolicy: (c, { body }) => updates.setPolicy(workspaceOf(c), body),
    pinPlugin: (c) => updates.pin(workspaceOf(c), paramOf(c, 'id'), true),
    unpinPlugin: (c) => updates.pin(workspaceOf(c), paramOf(c, 'id'), false),
  }
}
