import { type SetupServer, setupServer } from 'msw/node'
import { apiHandlers } from './handlers.ts'
import type { MemoryDeps } from './memory-deps.ts'
import { createMockApp } from './mock-app.ts'
import type { ScenarioName } from './scenarios.ts'

/**
 * The API in process for Node tests: a seeded scenario behind msw/node. The caller calls
 * `server.listen(...)` and `server.close()`; `deps` gives direct access to the store and runtime.
 * (msw 2.15's setupServer returns the SetupServer interface, not the SetupServerApi class.)
 */
export async function createMockServer(
  options: { scenario?: ScenarioName; stepMs?: number } = {},
): Promise<{ server: SetupServer; deps: MemoryDeps }> {
  const scenario = options.scenario ?? 'demo'
  const { app, deps } = await createMockApp(scenario, { stepMs: options.stepMs ?? 500 })
  return { server: setupServer(...apiHandlers(app)), deps }
}
