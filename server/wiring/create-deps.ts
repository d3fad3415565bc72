import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { cachedAccounts } from '#server/app/auth/account-cache.ts'
import { createSecretCipher } from '#server/app/config/secret-cipher.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import { publishingStore } from '#server/app/events/publishing-store.ts'
import { withListVersions } from '#server/app/list-versions.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { clientIpFromNode } from '#server/node-auth/client-ip.ts'
import { createScryptHasher } from '#server/node-auth/scrypt-hasher.ts'
import type { Logger } from '#server/node-http/logger.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { createSqlConfigStore } from '#server/sql/sql-config-store.ts'
import { createSqlSourceStore } from '#server/sql/sql-source-store.ts'
import { createSqlStore } from '#server/sql/sql-store.ts'
import { createSqlUpdatePolicies } from '#server/sql/sql-update-policies.ts'
import { createRuntime, type RuntimeWiring } from './create-runtime.ts'
import { loadSecretKey } from './secret-key.ts'
import type { ServerConfig } from './server-config.ts'

export interface ServerDeps {
  deps: AppDeps
  db: DialectDb
  runtime: RuntimeWiring
}

/** Ids that sort by creation time (base36 milliseconds) and never collide (random tail). */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`
}

/** The real deps: the SQL stores (PGlite, or PostgreSQL with DATABASE_URL), scrypt, the runtime, the catalog. */
export async function createDeps(config: ServerConfig, logger: Logger): Promise<ServerDeps> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') })
  const clock = createSystemClock()
  try {
    // One server process: its change feed is in-process (a cluster would use LISTEN/NOTIFY). List
    // versions (ETags) are kept in memory and forgotten by every write through this store.
    const changes = createMemoryChangeFeed()
    const store = publishingStore(withListVersions(createSqlStore(db)), changes)
    await mkdir(config.dataDir, { recursive: true })
    const secrets = createSecretCipher(await loadSecretKey(config.secretKey, config.dataDir, logger))
    const configs = createSqlConfigStore(db)
    const runtime = await createRuntime({
      config,
      clock,
      store,
      changes,
      logger,
      configs: { configs, secrets },
    })
    const deps: AppDeps = {
      store,
      configs,
      secrets,
      runtime: runtime.runtime,
      catalog: runtime.catalog,
      packages: runtime.packages,
      sources: {
        store: createSqlSourceStore(db),
        registries: runtime.registries,
        tokens: secrets,
      },
      updatePolicies: createSqlUpdatePolicies(db),
      clock,
      changes,
      newId,
      // Session, user, role and workspace reads are kept a few seconds: a poll costs no account query.
      accounts: cachedAccounts(createSqlAccountStore(db)),
      hasher: createScryptHasher(),
      clientIp: clientIpFromNode,
      maxJsonBytes: config.maxJsonBytes,
    }
    return { deps, db, runtime }
  } catch (error) {
    await db.close()
    throw error
  }
}
