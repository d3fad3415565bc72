import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import type { UpdatePolicyStore } from '#server/app/sources/source-ports.ts'

export const MANUAL_POLICY: UpdatePolicy = { mode: 'manual', window: null }

/** Update policies and pins in memory (mock mode and route tests). */
export function createMemoryUpdatePolicies(): UpdatePolicyStore {
  const policies = new Map<string, UpdatePolicy>()
  const pins = new Map<string, Set<string>>()
  return {
    async get(workspaceId) {
      return structuredClone(policies.get(workspaceId) ?? MANUAL_POLICY)
    },
    async set(workspaceId, policy) {
      policies.set(workspaceId, structuredClone(policy))
    },
    async pins(workspaceId) {
      return new Set(pins.get(workspaceId))
    },
    async setPinned(workspaceId, pluginId, pinned) {
      const set = pins.get(workspaceId) ?? new Set<string>()
      if (pinned) set.add(pluginId)
      else set.delete(pluginId)
      pins.set(workspaceId, set)
    },
    async automatic() {
      return [...policies]
        .filter(([, policy]) => policy.mode !== 'manual')
        .map(([workspaceId]) => workspaceId)
    },
  }
}
