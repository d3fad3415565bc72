import { describeConfigConformance } from '#server/store/config-conformance.ts'
import { createMemoryConfigs } from './memory-configs.ts'
import { createMemoryStore } from './memory-store.ts'

describeConfigConformance('memory', async () => ({
  configs: createMemoryConfigs(),
  store: createMemoryStore(),
  close: async () => {},
}))
