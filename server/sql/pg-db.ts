import pg from 'pg'
import type { Db, DialectDb } from './db.ts'
import { timestampText } from './sql-values.ts'

const TIMESTAMPTZ = 1184

export interface PgOptions {
  connectionString: string
  /** Runs every connection with this `search_path` (tests: one fresh schema per run). */
  schema?: string
  max?: number
  /**
   * How long a statement waits for a lock before it fails (default 5 s): a node paused while it
   * holds a row lock can never keep the others (or a starting node) waiting for longer.
   */
  lockTimeoutMs?: number
  /** A transaction left idle this long is ended by the server (default 60 s), releasing its locks. */
  idleInTransactionMs?: number
}

/** Distinct statement texts that get a server-side prepared statement; beyond, they run unnamed. */
const MAX_PREPARED = 500

/**
 * Names for statement texts: a named query is parsed and planned once per connection, then only
 * bound and executed. The store builds its SQL from a fixed set of fragments, so the texts are few.
 */
function preparedNames() {
  const names = new Map<string, string>()
  return (text: string): string | undefined => {
    let name = names.get(text)
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `plugboard_${names.size + 1}`
      names.set(text, name)
    }
    return name
  }
}

/** A `Db` over a pg Pool: a transaction holds one client from BEGIN to COMMIT/ROLLBACK. */
export function openPgDb(options: PgOptions): DialectDb {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // UTC sessions: timestamps arrive as `…+00` text that timestampText turns into ISO directly.
    options: [
      '-c TimeZone=UTC',
      `-c lock_timeout=${options.lockTimeoutMs ?? 5_000}`,
      `-c idle_in_transaction_session_timeout=${options.idleInTransactionMs ?? 60_000}`,
      ...(options.schema ? [`-c search_path=${options.schema}`] : []),
    ].join(' '),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMPTZ
          ? timestampText
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const nameOf = preparedNames()
  const statement = (text: string, params: readonly unknown[]) => {
    const name = params.length > 0 ? nameOf(text) : undefined
    return name ? { name, text, values: [...params] } : { text, values: [...params] }
  }
  return {
    dialect: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(statement(sql, params))
      return { rows: result.rows as T[] }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect()
      const tx: Db = {
        async query<R>(sql: string, params: readonly unknown[] = []) {
          const result = await client.query(statement(sql, params))
          return { rows: result.rows as R[] }
        },
        transaction: (inner) => inner(tx),
        close: async () => {},
      }
      try {
        await client.query('BEGIN')
        const value = await fn(tx)
        await client.query('COMMIT')
        client.release()
        return value
      } catch (error) {
        // A failed ROLLBACK means the connection is broken: destroy it instead of reusing it.
        const rollback = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        )
        client.release(rollback)
        throw error
      }
    },
    async close() {
      await pool.end()
    },
  }
}
