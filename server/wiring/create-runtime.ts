import type { Catalog, Clock, Runtime } from '#server/app/ports.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { createSimulatedRuntime } from '#server/simulated/simulated-runtime.ts'
import type { ServerConfig } from './server-config.ts'

export interface RuntimeWiring {
  runtime: Runtime
  catalog: Catalog
  /** Stops every worker (server shutdown). */
  shutdown(): Promise<void>
}

/**
 * The one place that picks how plugins run and where the catalog comes from. For now: the
 * simulated runtime in real time and the demo catalog; the process runtime and the file catalog
 * replace them here.
 */
export async function createRuntime(config: ServerConfig, clock: Clock): Promise<RuntimeWiring> {
  return {
    runtime: createSimulatedRuntime({ clock, stepMs: config.stepMs }),
    catalog: createDemoCatalog(),
    async shutdown() {},
  }
}
