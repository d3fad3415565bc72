import type { AccountStore } from '#server/app/account-ports.ts'

export interface AccountCacheOptions {
  /** How long a read is trusted; short, because another server process may change the row. */
  ttlMs?: number
  /** Entries per kind before the oldest are dropped. */
  maxEntries?: number
  now?: () => number
}

/** Time-limited entries in insertion order; the oldest go first when full. */
class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; until: number }>()
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly now: () => number

  constructor(ttlMs: number, maxEntries: number, now: () => number) {
    this.ttlMs = ttlMs
    this.maxEntries = maxEntries
    this.now = now
  }

  async read(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const hit = this.entries.get(key)
    if (hit && hit.until > this.now()) return hit.value
    const value = await load()
    // Only rows that exist are kept: a miss (an unknown token) stays a query, so a row created
    // right after can never be hidden by a cached "none".
    if (value === null) this.entries.delete(key)
    else {
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string)
      this.entries.set(key, { value, until: this.now() + this.ttlMs })
    }
    return value
  }

  drop(key: string): void {
    this.entries.delete(key)
  }

  dropWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }
}

/**
 * The reads every request makes before its own work (session, user, role, workspace), kept for a
 * few seconds so a poll costs no account query. Every write through this store drops what it
 * changes at once (sign-out, password change, role change, removal, settings); a write made by
 * another server process on the same database shows here within `ttlMs`. docs/accounts.md.
 */
export function cachedAccounts(store: AccountStore, options: AccountCacheOptions = {}): AccountStore {
  const ttl = options.ttlMs ?? 5_000
  const max = options.maxEntries ?? 10_000
  const now = options.now ?? Date.now
  const sessions = new TtlMap<Awaited<ReturnType<AccountStore['getSession']>>>(ttl, max, now)
  const users = new TtlMap<Awaited<ReturnType<AccountStore['getUser']>>>(ttl, max, now)
  const roles = new TtlMap<Awaited<ReturnType<AccountStore['getRole']>>>(ttl, max, now)
  const workspaces = new TtlMap<Awaited<ReturnType<AccountStore['getWorkspace']>>>(ttl, max, now)
  const roleKey = (workspaceId: string, userId: string) => `${workspaceId}\u0000${userId}`

  return {
    ...store,
    getSession: (id) => sessions.read(id, () => store.getSession(id)),
    getUser: (id) => users.read(id, () => store.getUser(id)),
    getRole: (workspaceId, userId) =>
      roles.read(roleKey(workspaceId, userId), () => store.getRole(workspaceId, userId)),
    getWorkspace: (id) => workspaces.read(id, () => store.getWorkspace(id)),

    async deleteSession(id) {
      sessions.drop(id)
      await store.deleteSession(id)
    },
    async deleteUserSessions(userId, exceptId) {
      sessions.dropWhere((session) => session?.userId === userId && session.id !== exceptId)
      return store.deleteUserSessions(userId, exceptId)
    },
    async deleteExpiredSessions(before) {
      sessions.clear()
      return store.deleteExpiredSessions(before)
    },
    async setPasswordHash(userId, passwordHash) {
      users.drop(userId)
      return store.setPasswordHash(userId, passwordHash)
    },
    async updateWorkspace(id, patch) {
      workspaces.drop(id)
      return store.updateWorkspace(id, patch)
    },
    async createWorkspace(workspace, ownerId) {
      workspaces.drop(workspace.id)
      roles.drop(roleKey(workspace.id, ownerId))
      await store.createWorkspace(workspace, ownerId)
    },
    async addMember(workspaceId, userId, role, at) {
      roles.drop(roleKey(workspaceId, userId))
      return store.addMember(workspaceId, userId, role, at)
    },
    async setRole(workspaceId, userId, role) {
      roles.drop(roleKey(workspaceId, userId))
      return store.setRole(workspaceId, userId, role)
    },
    async removeMember(workspaceId, userId) {
      roles.drop(roleKey(workspaceId, userId))
      return store.removeMember(workspaceId, userId)
    },
  }
}
