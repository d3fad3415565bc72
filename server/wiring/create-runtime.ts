import { join } from 'node:path'
import type { ConfigStore, SecretCipher } from '#server/app/config/config-ports.ts'
import { runtimeConfigOf } from '#server/app/config/config-values.ts'
import type { Catalog, Clock, Packages, Runtime, Store } from '#server/app/ports.ts'
import { FsCatalog } from '#server/catalog/fs-catalog.ts'
import type { Logger } from '#server/node-http/logger.ts'
import { FsPackages } from '#server/node-packages/fs-packages.ts'
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
  /** Where workers' configs come from: the stored versions and the cipher of their secrets. */
  configs: { configs: ConfigStore; secrets: SecretCipher }
}

export interface RuntimeWiring {
  runtime: Runtime
  catalog: Catalog
  /** Uploaded packages, kept per workspace under DATA_DIR/uploads. */
  packages: Packages
  /** After task recovery, before the port opens (e.g. start the workers of `ready` plugins). */
  start(): Promise<void>
  /** Stops every worker (server shutdown, after running steps have finished). */
  shutdown(): Promise<void>
}

/**
 * The one place that picks how plugins run and where the catalog comes from: by default every
 * plugin in its own supervised worker process over the package catalog on disk; with
 * PLUGBOARD_RUNTIME=simulated, the simulated runtime and the demo catalog (no processes at all).
 */
export async function createRuntime(context: RuntimeContext): Promise<RuntimeWiring> {
  const packages = new FsPackages({ dir: join(context.config.dataDir, 'uploads') })
  return context.config.runtime === 'simulated'
    ? simulatedRuntime(context, packages)
    : processRuntime(context, packages)
}

function simulatedRuntime({ config, clock }: RuntimeContext, packages: FsPackages): RuntimeWiring {
  return {
    runtime: createSimulatedRuntime({ clock, stepMs: config.stepMs }),
    catalog: createDemoCatalog(),
    packages,
    async start() {},
    async shutdown() {},
  }
}

function processRuntime(
  { config, clock, store, logger, configs }: RuntimeContext,
  packages: FsPackages,
): RuntimeWiring {
  const catalog = new FsCatalog({ root: config.catalogDir, warn: (message) => logger.warn(message) })
  const runtimeDir = join(config.dataDir, 'runtime')
  const onPluginFailed = markPluginFailed(store, clock, logger)
  const onPluginState = syncPluginHealth(store)
  const runtime = new ProcessRuntime({
    dataDir: runtimeDir,
    configOf: (workspaceId, pluginId) => runtimeConfigOf(configs, workspaceId, pluginId),
    locatePackage: (pkg) =>
      pkg.source.type === 'package' ? packages.locate(pkg) : catalog.locate(pkg.pluginId, pkg.version),
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
  return {
    runtime,
    catalog,
    packages,
    async start() {
      await restartReadyPlugins({ store, runtime, clock, pluginsRoot: join(runtimeDir, 'plugins'), logger })
    },
    shutdown: () => runtime.stopAll(),
  }
}
