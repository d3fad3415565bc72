import type { Catalog, Clock, Runtime, Store } from '#server/app/ports.ts'
import type { Logger } from '#server/http/logger.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { createSimulatedRuntime } from '#server/simulated/simulated-runtime.ts'
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
  /** After task recovery, before the port opens (e.g. start the workers of `ready` plugins). */
  start(): Promise<void>
  /** Stops every worker (server shutdown, after running steps have finished). */
  shutdown(): Promise<void>
}

/**
 * The one place that picks how plugins run and where the catalog comes from. For now: the
 * simulated runtime in real time and the demo catalog; the process runtime and the file catalog
 * replace them here.
 */
export async function createRuntime({ config, clock }: RuntimeContext): Promise<RuntimeWiring> {
  return {
    runtime: createSimulatedRuntime({ clock, stepMs: config.stepMs }),
    catalog: createDemoCatalog(),
    async start() {},
    async shutdown() {},
  }
}
