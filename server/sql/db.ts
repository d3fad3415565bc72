/**
 * The one interface the SQL store needs from a driver; PGlite and pg both satisfy it.
 * Parameters are positional (`$1`, `$2`, …); JSON values are passed as strings and cast (`$1::jsonb`).
 */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Nested calls join it. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Which driver a `Db` runs on: the migrator takes an advisory lock on PostgreSQL only. */
export type DbDialect = 'pglite' | 'postgres'

export interface DialectDb extends Db {
  readonly dialect: DbDialect
}

/** PostgreSQL's SQLSTATE for a unique violation. */
export const UNIQUE_VIOLATION = '23505'

export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
