import pg from 'pg'

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test'

/** The PostgreSQL to bench on (DATABASE_URL, else the local cluster), or null when none answers. */
export async function postgresAdminUrl(): Promise<string | null> {
  const url = process.env.DATABASE_URL || LOCAL_PG
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  try {
    await client.connect()
    await client.end()
    return url
  } catch {
    return null
  }
}

/** The prefix of the databases a bench creates (BENCH_DB_PREFIX, so agents sharing a cluster keep apart). */
export const benchDbPrefix = (): string => process.env.BENCH_DB_PREFIX || 'plugboard_bench'
