import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The PostgreSQL the cluster tests create their databases on (CI: trust auth, user postgres). */
const ADMIN_URL = process.env.PLUGBOARD_CLUSTER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ClusterDatabase {
  url: string
  /** Runs one statement on the test database (reads of the nodes table, for instance). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
  drop(): Promise<void>
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/**
 * A fresh database for one test file, or null (with a loud message) when no PostgreSQL answers.
 * In CI a missing PostgreSQL is a failure, never a skip.
 */
export async function freshClusterDatabase(): Promise<ClusterDatabase | null> {
  if (!(await reachable())) {
    const message = `No PostgreSQL at ${ADMIN_URL}: the CLUSTER TESTS DID NOT RUN.`
    if (process.env.CI === 'true') throw new Error(message)
    console.error(`\n${'!'.repeat(100)}\n${message}\n${'!'.repeat(100)}`)
    return null
  }
  const name = `plugboard_cluster_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
  return {
    url: url.toString(),
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[]
    },
    async drop() {
      await pool.end()
      const client = new pg.Client({ connectionString: ADMIN_URL })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
