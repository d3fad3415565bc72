import { describeAccountConformance } from '#server/store/account-conformance.ts'
import { createMemoryAccountStore } from './memory-account-store.ts'

describeAccountConformance('memory', async () => ({
  accounts: createMemoryAccountStore(),
  close: async () => {},
}))
