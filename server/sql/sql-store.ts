import type { Store } from '#server/app/ports.ts'
import type { Db } from './db.ts'
import { createSqlPluginMethods } from './sql-plugin-store.ts'
import { createSqlTaskMethods, type ItemClaimer } from './sql-task-store.ts'

export interface SqlStoreOptions {
  /** The time written into task `updatedAt` / `finishedAt` and plugin `updatedAt`; defaults to `new Date()`. */
  now?: () => Date
  /**
   * Cluster mode: the incarnation this store writes for. Its items are claimed by it, and a write
   * to a running item it does not hold the claim of is refused (ClaimLost). Without it (PGlite, one
   * process) items carry no claim.
   */
  claimer?: ItemClaimer
}

/**
 * The Store port over SQL (PGlite or PostgreSQL): the same semantics as the memory store, checked by
 * the shared conformance suite. Every compare-and-set and claim is a conditional write in SQL.
 */
export function createSqlStore(db: Db, options: SqlStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date())
  return { ...createSqlPluginMethods(db, now), ...createSqlTaskMethods(db, now, options.claimer) }
}
