import type { ClusterNodeInfo, NodeList } from '#core/api/node-schemas.ts'
import { NodeNameSchema } from '#core/api/node-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps } from '#server/app/ports.ts'

/** The cluster's nodes for the operator: the list, and draining one. */
export function createNodeService(deps: AppDeps) {
  return {
    async list(): Promise<NodeList> {
      if (!deps.nodes) return { clusterMode: false, items: [] }
      return { clusterMode: true, items: await deps.nodes.list() }
    },

    async drain(name: string): Promise<{ node: ClusterNodeInfo }> {
      const parsed = NodeNameSchema.safeParse(name)
      if (!deps.nodes || !parsed.success) throw new ApiError('NOT_FOUND', `unknown node ${name}`)
      const outcome = await deps.nodes.drain(parsed.data)
      if (outcome.ok) return { node: outcome.node }
      if (outcome.code === 'NOT_FOUND') throw new ApiError('NOT_FOUND', `unknown node ${name}`)
      if (outcome.code === 'NOT_ACTIVE') {
        throw new ApiError('CONFLICT', `node ${name} is not active: only an active node can be drained`)
      }
      throw new ApiError(
        'CONFLICT',
        `node ${name} is the only active node: its plugins would have nowhere to go. Start another node first.`,
      )
    },
  }
}
