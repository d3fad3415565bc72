import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { AppDeps } from '#server/app/ports.ts'
import { createTokenCipher } from '#server/app/sources/token-cipher.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { clientIpFromNode } from '#server/node-auth/client-ip.ts'
import { createScryptHasher } from '#server/node-auth/scrypt-hasher.ts'
import type { Logger } from '#server/node-http/logger.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { createSqlSourceStore } from '#server/sql/sql-source-store.ts'
import { createSqlStore } from '#server/sql/sql-store.ts'
import { createSqlUpdatePolicies } from '#server/sql/sql-update-policies.ts'
import { createRuntime, type RuntimeWiring } from './create-runtime.ts'
import type { ServerConfig } from './server-config.ts'
import { loadTokenKey } from './source-token-key.ts'

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
    const store = createSqlStore(db)
    const runtime = await createRuntime({ config, clock, store, logger })
    const deps: AppDeps = {
      store,
      runtime: runtime.runtime,
      catalog: runtime.catalog,
      packages: runtime.packages,
      sources: {
        store: createSqlSourceStore(db),
        registries: runtime.registries,
        tokens: createTokenCipher(await loadTokenKey(config.secretKey, config.dataDir, logger)),
      },
      updatePolicies: createSqlUpdatePolicies(db),
      clock,
      newId,
      accounts: createSqlAccountStore(db),
      hasher: createScryptHasher(),
      clientIp: clientIpFromNode,
    }
    return { deps, db, runtime }
  } catch (error) {
    await db.close()
    throw error
  }
}
