import { mkdirSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { lockDataDir } from './data-dir-lock.ts'
import type { Db, DialectDb } from './db.ts'
import { timestampText } from './sql-values.ts'

const TIMESTAMPTZ = 1184

export interface PgliteOptions {
  /** A directory to persist in; omitted = in memory. */
  dataDir?: string
  /** A snapshot from `dumpDataDir()` to start from (tests: skips initdb and migrations). */
  loadDataDir?: Blob
}

/** A `Db` over an embedded PGlite: one connection, so transactions run one at a time. */
export interface PgliteDb extends DialectDb {
  readonly pglite: PGlite
  /** A tarball of the whole data directory, to open copies with `loadDataDir`. */
  dump(): Promise<Blob>
}

export async function openPgliteDb(options: PgliteOptions = {}): Promise<PgliteDb> {
  let unlock = () => {}
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true })
    unlock = lockDataDir(options.dataDir)
  }
  let pglite: PGlite
  try {
    pglite = await PGlite.create({
      // The plugin search's trigram index (migration 0003).
      extensions: { pg_trgm },
      // PostgreSQL's default 128 MB buffer pool is allocated and touched up front inside the WASM
      // heap, most of the idle server's memory. The data files sit in the OS page cache anyway,
      // so a smaller pool costs a copy, not a disk read (the README's figures: idle memory).
      postgresqlconf: ['shared_buffers = 32MB', 'TimeZone = UTC'],
      // Timestamps straight to ISO text, no Date in between (see timestampText).
      parsers: { [TIMESTAMPTZ]: timestampText },
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    })
  } catch (error) {
    unlock()
    throw error
  }
  return {
    dialect: 'pglite',
    pglite,
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pglite.query<T>(sql, [...params])
      return { rows: result.rows }
    },
    transaction<T>(fn: (tx: Db) => Promise<T>) {
      return pglite.transaction((tx) => fn(wrapTransaction(tx)))
    },
    async dump() {
      return pglite.dumpDataDir('none')
    },
    async close() {
      if (!pglite.closed) await pglite.close()
      unlock()
    },
  }
}

function wrapTransaction(tx: Transaction): Db {
  const db: Db = {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await tx.query<T>(sql, [...params])
      return { rows: result.rows }
    },
    // Already inside: nested work joins the open transaction.
    transaction: (fn) => fn(db),
    close: async () => {},
  }
  return db
}
