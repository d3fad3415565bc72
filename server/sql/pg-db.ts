import pg from 'pg'
import type { Db, DialectDb } from './db.ts'

export interface PgOptions {
  connectionString: string
  /** Runs every connection with this `search_path` (tests: one fresh schema per run). */
  schema?: string
  max?: number
}

/** A `Db` over a pg Pool: a transaction holds one client from BEGIN to COMMIT/ROLLBACK. */
export function openPgDb(options: PgOptions): DialectDb {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  return {
    dialect: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, [...params])
      return { rows: result.rows as T[] }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect()
      const tx: Db = {
        async query<R>(sql: string, params: readonly unknown[] = []) {
          const result = await client.query(sql, [...params])
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
