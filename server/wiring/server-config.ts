import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { UPDATE_CHECK_INTERVAL_MS } from '#server/app/updates/update-checker.ts'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** `process` runs every plugin in its own worker; `simulated` only pretends (demos, API tests). */
export const RUNTIME_KINDS = ['process', 'simulated'] as const
export type RuntimeKind = (typeof RUNTIME_KINDS)[number]

/** Everything the server reads from its environment, in one place. */
export interface ServerConfig {
  /** PORT, default 8080; 0 picks a free port. */
  port: number
  /** HOST, default 0.0.0.0 (the printed address says localhost). */
  host: string
  /** DATA_DIR, default ./data: PGlite's files (`db/`), installed plugins (`runtime/`), uploads. */
  dataDir: string
  /** DATABASE_URL: postgres://… switches from the embedded PGlite to PostgreSQL. */
  databaseUrl: string | undefined
  /** LOG_LEVEL, default info. */
  logLevel: LogLevel
  /** PLUGBOARD_RUNTIME, default process: real worker processes, or the simulated runtime. */
  runtime: RuntimeKind
  /** PLUGBOARD_CATALOG_DIR, default ./catalog: the sample plugin packages the marketplace offers. */
  catalogDir: string
  /** PLUGBOARD_RESTART_BACKOFF_MS, default 1000: the first delay before restarting a crashed worker. */
  restartBackoffMs: number
  /** PLUGBOARD_STEP_MS, default 500: how long each simulated runtime step takes (tests shorten it). */
  stepMs: number
  /** PLUGBOARD_SKIP_BUILD=1: serve dist/ as it is, never run `vite build` (tests, containers). */
  skipBuild: boolean
  /**
   * PLUGBOARD_DEV_MODE=1, off by default: admins may install plugin folders of this machine and
   * reload them (docs/dev-mode.md). Never on a shared server: it reads any folder the server can.
   */
  devMode: boolean
  /**
   * PLUGBOARD_SHUTDOWN_MS, default 10000: the whole stop on SIGTERM/SIGINT. Running steps get half of
   * it to finish, workers are stopped in the rest, and whatever still runs at the end is killed.
   */
  shutdownMs: number
  /** PLUGBOARD_REGISTRY_TIMEOUT_MS, default 10000: each request to a registry source. */
  registryTimeoutMs: number
  /**
   * PLUGBOARD_REGISTRY_MAX_AGE_MS, default 30000: how long a registry answer without its own
   * `max-age` is reused before it is revalidated (ETag).
   */
  registryMaxAgeMs: number
  /**
   * PLUGBOARD_UPDATE_CHECK_MS, default 3600000 (hourly): how often the server looks for new versions
   * in every workspace's sources and pushes a change of the available updates to open consoles.
   */
  updateCheckMs: number
  /** PLUGBOARD_MAX_JSON_BYTES, default 1 MiB: the largest JSON request body (larger ones answer 413). */
  maxJsonBytes: number
  /** The folder the SPA is built into and served from. */
  distDir: string
  /**
   * PLUGBOARD_SECRET_KEY: base64 of 32 bytes sealing plugin secrets and registry tokens; without it
   * one is generated into DATA_DIR.
   */
  secretKey: string | undefined
  /** Cluster mode (DATABASE_URL set): this node and its lease. */
  cluster: ClusterConfig
}

export interface ClusterConfig {
  /** NODE_ID, default `<hostname>:<PORT>`: stable across restarts, unique in the cluster. */
  nodeId: string
  /** PLUGBOARD_NODE_ADDRESS: the URL the other nodes reach this one at (log forwarding). */
  address: string | null
  /** PLUGBOARD_LEASE_MS, default 20000: how long a node's lease lasts after each renewal. */
  leaseMs: number
  /** PLUGBOARD_HEARTBEAT_MS, default 5000: how often a node renews its lease and looks for lost nodes. */
  heartbeatMs: number
  /** PLUGBOARD_LEASE_GRACE_MS, default 10000: how long after its lease ended a node is declared lost. */
  graceMs: number
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`)
  return value
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`)
  }
  const runtime = (env.PLUGBOARD_RUNTIME || 'process').toLowerCase()
  if (!(RUNTIME_KINDS as readonly string[]).includes(runtime)) {
    throw new Error(
      `PLUGBOARD_RUNTIME must be one of ${RUNTIME_KINDS.join(', ')}, got "${env.PLUGBOARD_RUNTIME}"`,
    )
  }
  return {
    port: intFrom(env, 'PORT', 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: logLevel as LogLevel,
    runtime: runtime as RuntimeKind,
    catalogDir: resolve(env.PLUGBOARD_CATALOG_DIR || './catalog'),
    restartBackoffMs: intFrom(env, 'PLUGBOARD_RESTART_BACKOFF_MS', 1_000),
    stepMs: intFrom(env, 'PLUGBOARD_STEP_MS', 500),
    skipBuild: env.PLUGBOARD_SKIP_BUILD === '1',
    devMode: env.PLUGBOARD_DEV_MODE === '1',
    shutdownMs: intFrom(env, 'PLUGBOARD_SHUTDOWN_MS', 10_000),
    maxJsonBytes: intFrom(env, 'PLUGBOARD_MAX_JSON_BYTES', 1024 * 1024),
    distDir: resolve(env.PLUGBOARD_DIST_DIR || './dist'),
    secretKey: env.PLUGBOARD_SECRET_KEY || undefined,
    registryTimeoutMs: intFrom(env, 'PLUGBOARD_REGISTRY_TIMEOUT_MS', 10_000),
    registryMaxAgeMs: intFrom(env, 'PLUGBOARD_REGISTRY_MAX_AGE_MS', 30_000),
    updateCheckMs: intFrom(env, 'PLUGBOARD_UPDATE_CHECK_MS', UPDATE_CHECK_INTERVAL_MS),
    cluster: clusterConfig(env),
  }
}

function clusterConfig(env: NodeJS.ProcessEnv): ClusterConfig {
  const leaseMs = intFrom(env, 'PLUGBOARD_LEASE_MS', 20_000)
  const heartbeatMs = intFrom(env, 'PLUGBOARD_HEARTBEAT_MS', 5_000)
  // Two missed beats are allowed before a lease runs out; fewer would fence a node for one slow query.
  if (heartbeatMs <= 0 || heartbeatMs * 3 > leaseMs) {
    throw new Error(
      `PLUGBOARD_HEARTBEAT_MS (${heartbeatMs}) must be above 0 and at most a third of PLUGBOARD_LEASE_MS (${leaseMs})`,
    )
  }
  return {
    nodeId: env.NODE_ID || `${hostname()}:${intFrom(env, 'PORT', 8080)}`,
    address: env.PLUGBOARD_NODE_ADDRESS || null,
    leaseMs,
    heartbeatMs,
    graceMs: intFrom(env, 'PLUGBOARD_LEASE_GRACE_MS', 10_000),
  }
}
