import type { Db } from './db.ts'

/** Deltas per list and workspace beyond which a read folds them into one row. */
const FOLD_AFTER = 200

/**
 * A list's version from the deltas migration 0011's triggers append: the row count and the sum
 * of the row hashes, read off a few rows instead of hashing every row of the workspace. When the
 * deltas pile up they are folded: deleted and written back as one sum in one statement, which a
 * concurrent fold cannot count twice (a deleted row is deleted once).
 */
export async function listVersion(db: Db, workspaceId: string, list: 'plugins' | 'tasks'): Promise<string> {
  const { rows } = await db.query<{ n: string | null; h: string | null; deltas: number }>(
    `SELECT sum(n)::text AS n, sum(h)::text AS h, count(*)::int AS deltas
     FROM list_version_deltas WHERE workspace_id = $1 AND list = $2`,
    [workspaceId, list],
  )
  const row = rows[0]
  if ((row?.deltas ?? 0) > FOLD_AFTER) {
    void db
      .query(
        `WITH gone AS (DELETE FROM list_version_deltas WHERE workspace_id = $1 AND list = $2 RETURNING n, h)
         INSERT INTO list_version_deltas (workspace_id, list, n, h)
         SELECT $1, $2, sum(n), sum(h) FROM gone HAVING count(*) > 0`,
        [workspaceId, list],
      )
      .catch(() => {}) // the next read tries again
  }
  return `${row?.n ?? 0}.${row?.h ?? 0}`
}
