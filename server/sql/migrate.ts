import type { DialectDb } from './db.ts'
import { initialSchema } from './migrations/0001-initial-schema.ts'
import { accountsSchema } from './migrations/0002-accounts.ts'
import { readIndexes } from './migrations/0003-read-indexes.ts'
import { pluginConfigSchema } from './migrations/0004-plugin-config.ts'
import { registrySourcesSchema } from './migrations/0005-registry-sources.ts'
import { clusterNodes } from './migrations/0006-cluster-nodes.ts'
import { apiTokensSchema } from './migrations/0007-api-tokens.ts'
import { clusterShared } from './migrations/0008-cluster-shared.ts'
import { pluginManifests } from './migrations/0010-plugin-manifests.ts'
import { listVersionDeltas } from './migrations/0011-list-version-deltas.ts'
import { sourceSignaturePolicy } from './migrations/0012-source-signature-policy.ts'
import { pluginHomeNode } from './migrations/0013-plugin-home-node.ts'

/** One schema change: statements run in order, in the migrator's transaction. */
export interface Migration {
  version: number
  name: string
  statements: readonly string[]
}

/** Every migration, in the order they apply. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  accountsSchema,
  readIndexes,
  pluginConfigSchema,
  registrySourcesSchema,
  clusterNodes,
  apiTokensSchema,
  clusterShared,
  pluginManifests,
  listVersionDeltas,
  sourceSignaturePolicy,
  pluginHomeNode,
]

/** Arbitrary constant shared by every Plugboard process: the advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_406_131_991

/**
 * Applies the pending migrations in one transaction and records each in `schema_migrations`.
 * On PostgreSQL an advisory lock makes a second process wait, then find nothing left to do.
 * Returns the versions it applied.
 */
export async function migrate(
  db: DialectDb,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (db.dialect === 'postgres') {
      // Nodes starting together wait for the one that migrates, however long it takes (the
      // connections' lock_timeout is for the product's own statements).
      await tx.query('SET LOCAL lock_timeout = 0')
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    }
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations')
    const applied = new Set(rows.map((row) => row.version))
    const done: number[] = []
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      done.push(migration.version)
    }
    return done
  })
}
