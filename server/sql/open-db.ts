import type { DialectDb } from './db.ts'
import { migrate } from './migrate.ts'
import { openPgDb } from './pg-db.ts'
import { openPgliteDb } from './pglite-db.ts'

export interface OpenDbOptions {
  /** `postgres://…`: use PostgreSQL; otherwise the embedded PGlite. */
  databaseUrl?: string
  /** PGlite's data directory (default `./data`). */
  dataDir?: string
  /**
   * PostgreSQL: how long a transaction may sit idle before the server ends it (cluster mode: the
   * lease, so a paused node's locks are gone by the time its work is taken over).
   */
  idleInTransactionMs?: number
}

/** Opens the configured database and brings its schema up to date. */
export async function openDb(options: OpenDbOptions): Promise<DialectDb> {
  const db = options.databaseUrl
    ? openPgDb({
        connectionString: options.databaseUrl,
        ...(options.idleInTransactionMs ? { idleInTransactionMs: options.idleInTransactionMs } : {}),
      })
    : await openPgliteDb({ dataDir: options.dataDir ?? './data' })
  try {
    await migrate(db)
    return db
  } catch (error) {
    await db.close()
    throw error
  }
}
