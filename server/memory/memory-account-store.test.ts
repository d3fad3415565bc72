import { describeAccountConformance } from '#server/store/account-conformance.ts'
import { describeApiTokenConformance } from '#server/store/api-token-conformance.ts'
import { createMemoryAccountStore } from './memory-account-store.ts'

const memory = async () => ({ accounts: createMemoryAccountStore(), close: async () => {} })
describeAccountConformance('memory', memory)
describeApiTokenConformance('memory', memory)
