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
import { createUpdateCheckLog } from '#server/app/updates/update-check-log.ts'
import { type ClusterNode, createClusterNode } from '#server/cluster/cluster-node.ts'
import { createNodeDirectory } from '#server/cluster/node-directory.ts'
import { placeHereAtStart } from '#server/cluster/node-lease.ts'
import { mirroredRuntime } from '#server/cluster/runtime-mirror.ts'
import { clientIpFromNode } from '#server/node-auth/client-ip.ts'
import { createScryptHasher } from '#server/node-auth/scrypt-hasher.ts'
import type { Logger } from '#server/node-http/logger.ts'
import { createDevFolders } from '#server/node-packages/dev-folders.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { createPgChangeFeed } from '#server/sql/pg-change-feed.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { createSqlConfigStore } from '#server/sql/sql-config-store.ts'
import { createSqlLoginLimiter } from '#server/sql/sql-login-limiter.ts'
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
  /** Cluster mode (PostgreSQL): this node, registered with a fresh epoch; null on PGlite. */
  cluster: ClusterNode | null
}

/** Ids that sort by creation time (base36 milliseconds) and never collide (random tail). */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`
}

/** The real deps: the SQL stores (PGlite, or PostgreSQL with DATABASE_URL), scrypt, the runtime, the catalog. */
export async function createDeps(
  config: ServerConfig,
  logger: Logger,
  options: { version: string },
): Promise<ServerDeps> {
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataDir, 'db'),
    idleInTransactionMs: config.cluster.leaseMs,
  })
  const clock = createSystemClock()
  try {
    // PostgreSQL is cluster mode (one node or several); PGlite is one process, its data dir locked.
    const cluster =
      db.dialect === 'postgres'
        ? createClusterNode({
            db,
            registration: {
              nodeId: config.cluster.nodeId,
              address: config.cluster.address,
              version: options.version,
            },
            timings: config.cluster,
            warn: (message, fields) => logger.warn(message, fields),
          })
        : null
    if (cluster) logger.info('node registered', { ...(await cluster.register()) })
    // One process (PGlite): its change feed is in-process. A cluster node sends its changes to the
    // others through PostgreSQL (LISTEN/NOTIFY) and hears theirs. List versions (ETags) and account
    // reads are kept in memory and forgotten by every write through this store, and by every write
    // another node tells of.
    const shared =
      cluster && config.databaseUrl
        ? createPgChangeFeed({ connectionString: config.databaseUrl, db, warn: (m, f) => logger.warn(m, f) })
        : null
    const changes = shared ? shared.feed : createMemoryChangeFeed()
    const claimer = cluster ? { claimer: () => cluster.identity() } : {}
    const sqlStore = createSqlStore(db, claimer)
    const store = publishingStore(
      withListVersions(
        sqlStore,
        shared ? { remoteWrites: (listener) => shared.onRemoteWrite(listener) } : {},
      ),
      changes,
    )
    await shared?.listen(sqlStore)
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
      ...(cluster
        ? {
            mayStart: placedHere(db, cluster),
            node: { leaseMs: config.cluster.leaseMs, identity: () => cluster.identity() },
            sharedDb: db,
          }
        : {}),
    })
    const deps: AppDeps = {
      store,
      configs,
      secrets,
      // A cluster node answers for workers on other nodes from their reports (diagnostics, logs).
      runtime: cluster
        ? mirroredRuntime({
            db,
            runtime: runtime.runtime,
            self: () => cluster.identity(),
            warn: (message, fields) => logger.warn(message, fields),
          })
        : runtime.runtime,
      catalog: runtime.catalog,
      packages: runtime.packages,
      ...(config.devMode ? { devFolders: createDevFolders() } : {}),
      sources: {
        store: createSqlSourceStore(db),
        registries: runtime.registries,
        tokens: secrets,
      },
      updatePolicies: createSqlUpdatePolicies(db),
      updateChecks: createUpdateCheckLog(),
      clock,
      changes,
      newId,
      // Session, user, role and workspace reads are kept a few seconds: a poll costs no account query.
      accounts: cachedAccounts(
        createSqlAccountStore(db),
        shared
          ? {
              shared: {
                written: () => shared.accountsWritten(),
                onRemoteWrite: (clear) =>
                  shared.onRemoteWrite((write) => write.kind !== 'workspace' && clear()),
              },
            }
          : {},
      ),
      hasher: createScryptHasher(),
      loginLimiter: createSqlLoginLimiter(db, clock),
      clientIp: clientIpFromNode,
      maxJsonBytes: config.maxJsonBytes,
      // Two missed heartbeats and the console says the node stopped answering.
      ...(cluster
        ? { nodes: createNodeDirectory(db, () => config.cluster.nodeId, 2 * config.cluster.heartbeatMs) }
        : {}),
    }
    return { deps, db, runtime, cluster }
  } catch (error) {
    await db.close()
    throw error
  }
}

/** At start, a ready plugin's worker starts on this node only if it is placed here (or nowhere alive). */
function placedHere(db: DialectDb, cluster: ClusterNode) {
  return async (workspaceId: string, pluginId: string) => {
    const self = cluster.identity()
    return self !== null && placeHereAtStart(db, self, workspaceId, pluginId)
  }
}
