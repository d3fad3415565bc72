import { paramOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import { createNodeService } from '#server/app/services/node-service.ts'

/** `/api/nodes`: instance-wide, for the instance's operators (access `operator`). */
export function nodeHandlers(deps: AppDeps): EndpointHandlers<'listNodes' | 'drainNode'> {
  const nodes = createNodeService(deps)
  return {
    listNodes: () => nodes.list(),
    drainNode: (c) => nodes.drain(paramOf(c, 'name')),
  }
}
