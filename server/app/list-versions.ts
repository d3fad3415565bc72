import type { Store } from './ports.ts'

type VersionKind = 'pluginsVersion' | 'tasksVersion'

export interface ListVersionOptions {
  /** How long a version read from the database is trusted; another server process's writes show within it. */
  ttlMs?: number
  now?: () => number
  /**
   * Cluster mode: told of other nodes' writes (a workspace, or everything after missed news), so
   * their changes show at once instead of after `ttlMs`.
   */
  remoteWrites?: (listener: (write: { kind: string; workspaceId?: string }) => void) => void
}

/**
 * The store with its list versions kept in memory: every write through it forgets the versions
 * of its workspace at once, and a version is read again from the database at most every `ttlMs`
 * (writes by another server process on the same database). So a poll of an unchanged list costs
 * no query at all. A read that overlaps a write is not kept, so it can never hide that write.
 */
export function withListVersions(store: Store, options: ListVersionOptions = {}): Store {
  const ttl = options.ttlMs ?? 1_000
  const now = options.now ?? Date.now
  const cached = new Map<string, { version: string; until: number }>()
  const generations = new Map<string, number>()
  let everything = 0
  const generation = (workspaceId: string) => `${everything}.${generations.get(workspaceId) ?? 0}`
  const changed = (workspaceId: string) => {
    generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1)
    cached.delete(`pluginsVersion\u0000${workspaceId}`)
    cached.delete(`tasksVersion\u0000${workspaceId}`)
  }

  options.remoteWrites?.((write) => {
    if (write.kind === 'workspace' && write.workspaceId) changed(write.workspaceId)
    else if (write.kind === 'everything') {
      everything++
      cached.clear()
    }
  })

  const version = (kind: VersionKind) => async (workspaceId: string) => {
    const key = `${kind}\u0000${workspaceId}`
    const hit = cached.get(key)
    if (hit && hit.until > now()) return hit.version
    const before = generation(workspaceId)
    const value = await store[kind](workspaceId)
    if (generation(workspaceId) === before) cached.set(key, { version: value, until: now() + ttl })
    return value
  }
  /** Wraps a write: the workspace's versions are forgotten before and after it. */
  const write =
    <A extends [string, ...unknown[]], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      changed(args[0])
      try {
        return await fn(...args)
      } finally {
        changed(args[0])
      }
    }

  return {
    ...store,
    pluginsVersion: version('pluginsVersion'),
    tasksVersion: version('tasksVersion'),
    updatePlugin: write(store.updatePlugin),
    transitionPlugin: write(store.transitionPlugin),
    deletePlugin: write(store.deletePlugin),
    updateTaskItem: write(store.updateTaskItem),
    requestCancel: write(store.requestCancel),
    deleteTask: write(store.deleteTask),
    clearTerminalTasks: write(store.clearTerminalTasks),
    createTask: (task, claims) =>
      write(async (_ws: string) => store.createTask(task, claims))(task.workspaceId),
    async purgeTerminalTasks(before) {
      everything++
      cached.clear()
      try {
        return await store.purgeTerminalTasks(before)
      } finally {
        everything++
        cached.clear()
      }
    },
  }
}
