import { describe, expect, it } from 'vitest'
import { createMemoryAccountStore } from '#server/memory/memory-account-store.ts'
import { describeAccountConformance } from '#server/store/account-conformance.ts'
import { cachedAccounts } from './account-cache.ts'

// With the cache in front, every store rule still holds (a long TTL: only invalidation keeps it true).
describeAccountConformance('cached memory', async () => ({
  accounts: cachedAccounts(createMemoryAccountStore(), { ttlMs: 60_000 }),
  close: async () => {},
}))

const AT = '2026-01-01T00:00:00.000Z'
const user = { id: 'u1', email: 'a@example.com', name: 'A', passwordHash: 'h', createdAt: AT }
const workspace = { id: 'w1', name: 'W', installPolicy: 'admins' as const, createdAt: AT }
const session = { id: 's1', userId: 'u1', createdAt: AT, expiresAt: '2027-01-01T00:00:00.000Z' }

async function setup(ttlMs = 60_000) {
  const store = createMemoryAccountStore()
  const reads = { session: 0, role: 0 }
  const counted = {
    ...store,
    getSession: (id: string) => {
      reads.session++
      return store.getSession(id)
    },
    getRole: (ws: string, userId: string) => {
      reads.role++
      return store.getRole(ws, userId)
    },
  }
  let clock = 0
  const accounts = cachedAccounts(counted, { ttlMs, now: () => clock })
  await accounts.setupOwner(user, workspace)
  await accounts.createSession(session)
  return { accounts, store, reads, advance: (ms: number) => (clock += ms) }
}

describe('the account cache', () => {
  it('answers repeated reads without the store until the entry is older than its TTL', async () => {
    const { accounts, reads, advance } = await setup(5_000)
    await accounts.getSession('s1')
    await accounts.getSession('s1')
    expect(reads.session).toBe(1)
    advance(5_001)
    await accounts.getSession('s1')
    expect(reads.session).toBe(2)
  })

  it('forgets a session the moment it is signed out, and every other session of a password change', async () => {
    const { accounts } = await setup()
    await accounts.createSession({ ...session, id: 's2' })
    await accounts.getSession('s1')
    await accounts.getSession('s2')
    await accounts.deleteUserSessions('u1', 's2')
    expect(await accounts.getSession('s1')).toBeNull()
    expect(await accounts.getSession('s2')).not.toBeNull()
    await accounts.deleteSession('s2')
    expect(await accounts.getSession('s2')).toBeNull()
  })

  it('shows a role change at once', async () => {
    const { accounts } = await setup()
    await accounts.createUser({ ...user, id: 'u2', email: 'b@example.com' })
    await accounts.addMember('w1', 'u2', 'admin', AT)
    expect(await accounts.getRole('w1', 'u2')).toBe('admin')
    await accounts.setRole('w1', 'u2', 'member')
    expect(await accounts.getRole('w1', 'u2')).toBe('member')
    await accounts.removeMember('w1', 'u2')
    expect(await accounts.getRole('w1', 'u2')).toBeNull()
  })

  it('never keeps a miss: a session created after a failed lookup is found', async () => {
    const { accounts, reads } = await setup()
    expect(await accounts.getSession('s3')).toBeNull()
    await accounts.createSession({ ...session, id: 's3' })
    expect(await accounts.getSession('s3')).not.toBeNull()
    expect(reads.session).toBe(2)
  })
})
