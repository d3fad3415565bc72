import { join } from 'node:path'
import type { ConfigStore, SecretCipher } from '#server/app/config/config-ports.ts'
import { runtimeConfigOf } from '#server/app/config/config-values.ts'
import type { ChangeFeed } from '#server/app/events/change-feed.ts'
import type {
  Catalog,
  Clock,
  PackageInfo,
  Packages,
  PlacementFence,
  Runtime,
  Store,
} from '#server/app/ports.ts'
import { createSupervisionService, supervisionReports } from '#server/app/services/supervision-service.ts'
import type { Registries } from '#server/app/sources/source-ports.ts'
import { FsCatalog } from '#server/catalog/fs-catalog.ts'
import type { Logger } from '#server/node-http/logger.ts'
import { DbPackages } from '#server/node-packages/db-packages.ts'
import { FsPackages } from '#server/node-packages/fs-packages.ts'
import { NpmRegistries } from '#server/registry/npm-registries.ts'
import { RegistryClient } from '#server/registry/registry-client.ts'
import { ProcessRuntime } from '#server/runtime/process-runtime.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { createSimulatedRuntime } from '#server/simulated/simulated-runtime.ts'
import type { Db } from '#server/sql/db.ts'
import { processRuntimeCallbacks, restartReadyPlugins, type StartProgress } from './runtime-store-sync.ts'
import type { ServerConfig } from './server-config.ts'

/**
 * What the runtime wiring may use: the config, the clock, the store and change feed (for the
 * supervision service) and the log.
 */
export interface RuntimeContext {
  config: ServerConfig
  clock: Clock
  store: Store
  changes?: ChangeFeed
  logger: Logger
  /** Where workers' configs come from: the stored versions and the cipher of their secrets. */
  configs: { configs: ConfigStore; secrets: SecretCipher }
  /** Cluster mode: whether this node is to start a ready plugin's worker at start-up. */
  mayStart?: (workspaceId: string, pluginId: string) => Promise<boolean>
  /** Cluster mode: this node's lease (its incarnation while held, null once lost). */
  node?: { leaseMs: number; identity(): PlacementFence | null }
  /** Cluster mode: the database every node shares uploaded packages through. */
  sharedDb?: Db
}

/** Uploaded packages, and where the runtime finds the archive of one. */
type LocalPackages = Packages & { locate(pkg: PackageInfo): Promise<string | null> }

export interface RuntimeWiring {
  runtime: Runtime
  catalog: Catalog
  /** Uploaded packages, kept per workspace under DATA_DIR/uploads (a cluster shares them through the database). */
  packages: Packages
  /** npm-compatible registries; their verified tarballs are kept under DATA_DIR/registry. */
  registries: Registries
  /** Writes a plugin's health again from what its worker here last said (supervision-service.ts). */
  restate(workspaceId: string, pluginId: string, clearError: boolean): Promise<void>
  /** After task recovery, while the server answers: starts the workers of `ready` plugins. */
  start(onProgress?: (progress: StartProgress) => void): Promise<void>
  /**
   * Server shutdown begins: no worker is restarted from now on and the start of `ready` plugins
   * stops; steps still running may finish.
   */
  beginShutdown(): void
  /** Stops every worker (after running steps ended); what still runs when `deadline` aborts is killed. */
  shutdown(deadline: AbortSignal): Promise<void>
}

/**
 * The one place that picks how plugins run and where the catalog comes from: by default every
 * plugin in its own supervised worker process over the package catalog on disk; with
 * PLUGBOARD_RUNTIME=simulated, the simulated runtime and the demo catalog (no processes at all).
 */
export async function createRuntime(context: RuntimeContext): Promise<RuntimeWiring> {
  const local = new FsPackages({ dir: join(context.config.dataDir, 'uploads') })
  // A cluster keeps uploads in the database, so any node installs what any node received.
  const packages = context.sharedDb ? new DbPackages({ db: context.sharedDb, local }) : local
  const registries = new NpmRegistries({
    storeDir: join(context.config.dataDir, 'registry'),
    client: new RegistryClient({
      timeoutMs: context.config.registryTimeoutMs,
      defaultMaxAgeMs: context.config.registryMaxAgeMs,
    }),
  })
  return context.config.runtime === 'simulated'
    ? simulatedRuntime(context, packages, registries)
    : processRuntime(context, packages, registries)
}

function simulatedRuntime(
  context: RuntimeContext,
  packages: LocalPackages,
  registries: NpmRegistries,
): RuntimeWiring {
  const runtime = createSimulatedRuntime({ clock: context.clock, stepMs: context.config.stepMs })
  const supervision = supervisionOf(context)
  runtime.setSupervisor(supervisionReports(supervision, context.logger))
  return {
    runtime,
    restate: supervision.restate,
    catalog: createDemoCatalog(),
    packages,
    registries,
    async start() {},
    beginShutdown() {},
    async shutdown() {},
  }
}

const supervisionOf = ({ store, clock, changes, logger, node }: RuntimeContext) =>
  createSupervisionService(
    {
      store,
      clock,
      ...(changes ? { changes } : {}),
      ...(node ? { placement: () => node.identity() } : {}),
    },
    logger,
  )

/**
 * Cluster mode: a worker that hears nothing from its node for half the lease stops itself (onDestroy
 * gets an eighth of it). The node's last renewal was at most a third of the lease before it went
 * silent, so the worker is gone before the lease and its grace end and another node may start the
 * plugin: never two workers of one plugin.
 */
function clusterWorkers(node: NonNullable<RuntimeContext['node']>) {
  return {
    watch: {
      silenceMs: Math.floor(node.leaseMs / 2),
      selfStopMs: Math.max(100, Math.floor(node.leaseMs / 8)),
    },
    mayRun: () => node.identity() !== null,
  }
}

function processRuntime(
  context: RuntimeContext,
  packages: LocalPackages,
  registries: NpmRegistries,
): RuntimeWiring {
  const { config, clock, store, logger, configs } = context
  const catalog = new FsCatalog({ root: config.catalogDir, warn: (message) => logger.warn(message) })
  const runtimeDir = join(config.dataDir, 'runtime')
  const supervision = supervisionOf(context)
  const callbacks = processRuntimeCallbacks(supervisionReports(supervision, logger), () => clock.now())
  const runtime = new ProcessRuntime({
    dataDir: runtimeDir,
    configOf: (workspaceId, pluginId) => runtimeConfigOf(configs, workspaceId, pluginId),
    locatePackage: (pkg) => {
      if (pkg.source.type === 'package') return packages.locate(pkg)
      if (pkg.source.type === 'registry') return registries.locate(pkg)
      return catalog.locate(pkg.pluginId, pkg.version)
    },
    supervision: { backoffInitialMs: config.restartBackoffMs },
    ...(context.node ? { cluster: clusterWorkers(context.node) } : {}),
    ...callbacks,
    onEvent: (workspaceId, pluginId, event) => {
      callbacks.onEvent(workspaceId, pluginId, event)
      // Health and log lines are not the server's news (the log lines are in the plugin's own log).
      if (event.type !== 'health' && event.type !== 'log')
        logger.info(`worker ${event.type}`, { workspaceId, pluginId, ...event })
    },
  })
  const stopping = new AbortController()
  return {
    runtime,
    restate: supervision.restate,
    catalog,
    packages,
    registries,
    async start(onProgress) {
      await restartReadyPlugins({
        store,
        runtime,
        supervision,
        pluginsRoot: join(runtimeDir, 'plugins'),
        logger,
        signal: stopping.signal,
        concurrency: 4,
        ...(onProgress ? { onProgress } : {}),
        ...(context.mayStart ? { mayStart: context.mayStart } : {}),
      })
    },
    beginShutdown() {
      stopping.abort()
      runtime.beginShutdown()
    },
    shutdown: (deadline) => runtime.stopAll(deadline),
  }
}
