import type { AccountStore } from '#server/app/account-ports.ts'

export interface AccountCacheOptions {
  /** How long a read is trusted; short, because another server process may change the row. */
  ttlMs?: number
  /** Entries per kind before the oldest are dropped. */
  maxEntries?: number
  now?: () => number
  /**
   * Cluster mode: `written` tells the other nodes after every account write here, and
   * `onRemoteWrite` empties this cache when another node wrote (so a sign-out or a removed member
   * holds on every node at once, not after `ttlMs`).
   */
  shared?: { written(): void; onRemoteWrite(clear: () => void): void }
}

/**
 * Time-limited entries in insertion order; the oldest go first when full. A read that was still
 * loading when its key was dropped is not kept: it may carry the row from before the write.
 */
class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; until: number }>()
  /** The reads of each key now loading; a drop marks them stale. */
  private readonly loading = new Map<string, Set<{ stale: boolean }>>()
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
    const mark = { stale: false }
    const marks = this.loading.get(key) ?? new Set()
    marks.add(mark)
    this.loading.set(key, marks)
    let value: V | null
    try {
      value = await load()
    } finally {
      marks.delete(mark)
      if (marks.size === 0) this.loading.delete(key)
    }
    if (mark.stale) return value
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
    for (const mark of this.loading.get(key) ?? []) mark.stale = true
  }

  /** Drops the entries `test` picks; every read now loading is dropped too (its row is not known yet). */
  dropWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key)
    this.staleLoads()
  }

  clear(): void {
    this.entries.clear()
    this.staleLoads()
  }

  private staleLoads(): void {
    for (const marks of this.loading.values()) for (const mark of marks) mark.stale = true
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
  options.shared?.onRemoteWrite(() => {
    for (const map of [sessions, users, roles, workspaces]) map.clear()
  })

  type Drop = () => void

  /**
   * The writes of `target` (the store, or the store of a transaction), each dropping what it
   * changes before it runs and again after, so a read made while it ran is not kept either. `touched`
   * is told each drop, for a transaction to repeat once it has committed: until then, another
   * connection still reads the old row.
   */
  const writesOf = (target: AccountStore, touched: (drop: Drop) => void = () => {}) => {
    const around = async <R>(drop: Drop, write: () => Promise<R>): Promise<R> => {
      drop()
      touched(drop)
      try {
        return await write()
      } finally {
        drop()
        options.shared?.written()
      }
    }
    const dropRole = (workspaceId: string, userId: string) => () => roles.drop(roleKey(workspaceId, userId))
    const writes: Pick<
      AccountStore,
      | 'deleteSession'
      | 'deleteUserSessions'
      | 'deleteExpiredSessions'
      | 'setPasswordHash'
      | 'updateWorkspace'
      | 'createWorkspace'
      | 'addMember'
      | 'setRole'
      | 'removeMember'
      | 'atomically'
    > = {
      deleteSession: (id) =>
        around(
          () => sessions.drop(id),
          () => target.deleteSession(id),
        ),
      deleteUserSessions: (userId, exceptId) =>
        around(
          () => sessions.dropWhere((session) => session?.userId === userId && session.id !== exceptId),
          () => target.deleteUserSessions(userId, exceptId),
        ),
      deleteExpiredSessions: (before) =>
        around(
          () => sessions.clear(),
          () => target.deleteExpiredSessions(before),
        ),
      setPasswordHash: (userId, passwordHash) =>
        around(
          () => users.drop(userId),
          () => target.setPasswordHash(userId, passwordHash),
        ),
      updateWorkspace: (id, patch) =>
        around(
          () => workspaces.drop(id),
          () => target.updateWorkspace(id, patch),
        ),
      createWorkspace: (workspace, ownerId) =>
        around(
          () => {
            workspaces.drop(workspace.id)
            roles.drop(roleKey(workspace.id, ownerId))
          },
          () => target.createWorkspace(workspace, ownerId),
        ),
      addMember: (workspaceId, userId, role, at) =>
        around(dropRole(workspaceId, userId), () => target.addMember(workspaceId, userId, role, at)),
      setRole: (workspaceId, userId, role) =>
        around(dropRole(workspaceId, userId), () => target.setRole(workspaceId, userId, role)),
      removeMember: (workspaceId, userId) =>
        around(dropRole(workspaceId, userId), () => target.removeMember(workspaceId, userId)),
      // The transaction's store drops through the same writes; what they dropped is dropped again
      // after the commit (or the rollback), and told outwards for a transaction nested in another.
      async atomically(fn) {
        const drops = new Set<Drop>()
        try {
          return await target.atomically((tx) =>
            fn({
              ...tx,
              ...writesOf(tx, (drop) => {
                drops.add(drop)
                touched(drop)
              }),
            }),
          )
        } finally {
          for (const drop of drops) drop()
          // Told again once committed: another node that read meanwhile still saw the old rows.
          if (drops.size > 0) options.shared?.written()
        }
      },
    }
    return writes
  }

  return {
    ...store,
    getSession: (id) => sessions.read(id, () => store.getSession(id)),
    getUser: (id) => users.read(id, () => store.getUser(id)),
    getRole: (workspaceId, userId) =>
      roles.read(roleKey(workspaceId, userId), () => store.getRole(workspaceId, userId)),
    getWorkspace: (id) => workspaces.read(id, () => store.getWorkspace(id)),
    ...writesOf(store),
  }
}
