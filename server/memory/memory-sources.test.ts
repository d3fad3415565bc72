import { describeSourceConformance } from '#server/store/source-conformance.ts'
import { createMemorySources } from './memory-sources.ts'
import { createMemoryUpdatePolicies } from './memory-update-policies.ts'

describeSourceConformance('memory', async () => ({
  sources: createMemorySources(),
  policies: createMemoryUpdatePolicies(),
  close: async () => {},
}))
