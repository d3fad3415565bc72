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

/** A promise with its resolve, for a test to hold a store call until it says so. */
function gate() {
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

describe('the account cache around writes', () => {
  it('does not keep a read made while a sign-out was being written', async () => {
    const store = createMemoryAccountStore()
    const held = gate()
    const started = gate()
    const accounts = cachedAccounts(
      {
        ...store,
        async deleteSession(id) {
          started.open()
          await held.opened
          await store.deleteSession(id)
        },
      },
      { ttlMs: 60_000 },
    )
    await accounts.setupOwner(user, workspace)
    await accounts.createSession(session)
    const signOut = accounts.deleteSession('s1')
    await started.opened
    // Another tab's poll, in the gap before the row is gone.
    expect(await accounts.getSession('s1')).not.toBeNull()
    held.open()
    await signOut
    expect(await accounts.getSession('s1')).toBeNull()
  })

  it('does not keep a read that started before a removal and ended after it', async () => {
    const store = createMemoryAccountStore()
    const held = gate()
    const loading = gate()
    let holdReads = false
    const accounts = cachedAccounts(
      {
        ...store,
        async getRole(ws, userId) {
          const role = await store.getRole(ws, userId)
          if (holdReads) {
            loading.open()
            await held.opened
          }
          return role
        },
      },
      { ttlMs: 60_000 },
    )
    await accounts.setupOwner(user, workspace)
    await accounts.createUser({ ...user, id: 'u2', email: 'b@example.com' })
    await accounts.addMember('w1', 'u2', 'admin', AT)
    holdReads = true
    const oldRead = accounts.getRole('w1', 'u2')
    await loading.opened
    holdReads = false
    await accounts.removeMember('w1', 'u2')
    held.open()
    expect(await oldRead).toBe('admin')
    expect(await accounts.getRole('w1', 'u2')).toBeNull()
  })

  it('shows a change written in a transaction at once, even when read between the write and the commit', async () => {
    const store = createMemoryAccountStore()
    // Another connection sees the committed row only: the row as it was while the block runs.
    let committed: Awaited<ReturnType<typeof store.getWorkspace>> | undefined
    const accounts = cachedAccounts(
      {
        ...store,
        getWorkspace: async (id) => (committed !== undefined ? committed : store.getWorkspace(id)),
        async atomically(fn) {
          committed = await store.getWorkspace('w1')
          try {
            return await store.atomically(fn)
          } finally {
            committed = undefined
          }
        },
      },
      { ttlMs: 60_000 },
    )
    await accounts.setupOwner({ ...user }, { ...workspace, installPolicy: 'everyone' })
    expect((await accounts.getWorkspace('w1'))?.installPolicy).toBe('everyone')
    await accounts.atomically(async (tx) => {
      await tx.updateWorkspace('w1', { installPolicy: 'admins' })
      // A poll in the gap reads the row as committed so far.
      expect((await accounts.getWorkspace('w1'))?.installPolicy).toBe('everyone')
    })
    expect((await accounts.getWorkspace('w1'))?.installPolicy).toBe('admins')
  })
})
