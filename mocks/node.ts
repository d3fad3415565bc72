import { type SetupServer, setupServer } from 'msw/node'
import { createApp } from '#server/app/create-app.ts'
import { apiHandlers } from './handlers.ts'
import { createMemoryDeps, type MemoryDeps } from './memory-deps.ts'
import { type ScenarioName, scenarioSessionToken, seedScenario } from './scenarios.ts'

/**
 * The API in process for Node tests: a seeded scenario behind msw/node. The caller calls
 * `server.listen(...)` and `server.close()`; `deps` gives direct access to the store and runtime.
 * (msw 2.15's setupServer returns the SetupServer interface, not the SetupServerApi class.)
 */
export async function createMockServer(
  options: { scenario?: ScenarioName; stepMs?: number } = {},
): Promise<{ server: SetupServer; deps: MemoryDeps }> {
  const scenario = options.scenario ?? 'demo'
  const deps = createMemoryDeps({ stepMs: options.stepMs ?? 500 })
  const app = createApp(deps)
  await seedScenario(scenario, deps)
  return { server: setupServer(...apiHandlers(app, { sessionToken: scenarioSessionToken(scenario) })), deps }
}
