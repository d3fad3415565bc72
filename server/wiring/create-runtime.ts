import { join } from 'node:path'
import type { Catalog, Clock, Packages, Runtime, Store } from '#server/app/ports.ts'
import type { Registries } from '#server/app/sources/source-ports.ts'
import { FsCatalog } from '#server/catalog/fs-catalog.ts'
import type { Logger } from '#server/node-http/logger.ts'
import { FsPackages } from '#server/node-packages/fs-packages.ts'
import { NpmRegistries } from '#server/registry/npm-registries.ts'
import { RegistryClient } from '#server/registry/registry-client.ts'
import { ProcessRuntime } from '#server/runtime/process-runtime.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { createSimulatedRuntime } from '#server/simulated/simulated-runtime.ts'
import { markPluginFailed, restartReadyPlugins, syncPluginHealth } from './runtime-store-sync.ts'
import type { ServerConfig } from './server-config.ts'

/** What the runtime wiring may use: the config, the clock, the store (for supervisor sync) and the log. */
export interface RuntimeContext {
  config: ServerConfig
  clock: Clock
  store: Store
  logger: Logger
}

export interface RuntimeWiring {
  runtime: Runtime
  catalog: Catalog
  /** Uploaded packages, kept per workspace under DATA_DIR/uploads. */
  packages: Packages
  /** npm-compatible registries; their verified tarballs are kept under DATA_DIR/registry. */
  registries: Registries
  /** After task recovery (e.g. start the workers of `ready` plugins). */
  start(): Promise<void>
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
  const packages = new FsPackages({ dir: join(context.config.dataDir, 'uploads') })
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
  { config, clock }: RuntimeContext,
  packages: FsPackages,
  registries: NpmRegistries,
): RuntimeWiring {
  return {
    runtime: createSimulatedRuntime({ clock, stepMs: config.stepMs }),
    catalog: createDemoCatalog(),
    packages,
    registries,
    async start() {},
    beginShutdown() {},
    async shutdown() {},
  }
}

function processRuntime(
  { config, clock, store, logger }: RuntimeContext,
  packages: FsPackages,
  registries: NpmRegistries,
): RuntimeWiring {
  const catalog = new FsCatalog({ root: config.catalogDir, warn: (message) => logger.warn(message) })
  const runtimeDir = join(config.dataDir, 'runtime')
  const onPluginFailed = markPluginFailed(store, clock, logger)
  const onPluginState = syncPluginHealth(store)
  const runtime = new ProcessRuntime({
    dataDir: runtimeDir,
    locatePackage: (pkg) => {
      if (pkg.source.type === 'package') return packages.locate(pkg)
      if (pkg.source.type === 'registry') return registries.locate(pkg)
      return catalog.locate(pkg.pluginId, pkg.version)
    },
    supervision: { backoffInitialMs: config.restartBackoffMs },
    // Supervisor callbacks are fire-and-forget: a failed write is logged, never thrown at a worker.
    onPluginFailed: (workspaceId, pluginId, reason) =>
      void onPluginFailed(workspaceId, pluginId, reason).catch((error: Error) =>
        logger.error('could not record a failed plugin', { workspaceId, pluginId, error: error.message }),
      ),
    onPluginState: (workspaceId, pluginId, state) =>
      void onPluginState(workspaceId, pluginId, state).catch((error: Error) =>
        logger.warn('could not record plugin health', { workspaceId, pluginId, error: error.message }),
      ),
    onEvent: (workspaceId, pluginId, event) => {
      if (event.type !== 'health') logger.info(`worker ${event.type}`, { workspaceId, pluginId, ...event })
    },
  })
  const stopping = new AbortController()
  return {
    runtime,
    catalog,
    packages,
    registries,
    async start() {
      const pluginsRoot = join(runtimeDir, 'plugins')
      await restartReadyPlugins({ store, runtime, clock, pluginsRoot, logger, signal: stopping.signal })
    },
    beginShutdown() {
      stopping.abort()
      runtime.beginShutdown()
    },
    shutdown: (deadline) => runtime.stopAll(deadline),
  }
}
