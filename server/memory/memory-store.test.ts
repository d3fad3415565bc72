import { describeStoreConformance } from '#server/store/store-conformance.ts'
import { createMemoryStore } from './memory-store.ts'

describeStoreConformance('memory', async () => ({ store: createMemoryStore(), close: async () => {} }))
