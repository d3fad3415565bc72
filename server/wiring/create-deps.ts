import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createSecretCipher } from '#server/app/config/secret-cipher.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { clientIpFromNode } from '#server/node-auth/client-ip.ts'
import { createScryptHasher } from '#server/node-auth/scrypt-hasher.ts'
import type { Logger } from '#server/node-http/logger.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { createSqlConfigStore } from '#server/sql/sql-config-store.ts'
import { createSqlStore } from '#server/sql/sql-store.ts'
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
    const store = createSqlStore(db)
    await mkdir(config.dataDir, { recursive: true })
    const secrets = createSecretCipher(await loadSecretKey(config.secretKey, config.dataDir, logger))
    const configs = createSqlConfigStore(db)
    const runtime = await createRuntime({ config, clock, store, logger, configs: { configs, secrets } })
    const deps: AppDeps = {
      store,
      configs,
      secrets,
      runtime: runtime.runtime,
      catalog: runtime.catalog,
      packages: runtime.packages,
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
