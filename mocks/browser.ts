import { setupWorker } from 'msw/browser'
import { createApp } from '#server/app/create-app.ts'
import { apiHandlers } from './handlers.ts'
import { createMemoryDeps } from './memory-deps.ts'
import { scenarioFromSearch, scenarioSessionToken, seedScenario } from './scenarios.ts'

/**
 * The real API in the browser over memory adapters, seeded with `?scenario=` (default demo).
 * The SPA loads this file only through a dynamic import in mock mode.
 */
export async function startMockWorker(): Promise<void> {
  const scenario = scenarioFromSearch(window.location.search)
  const deps = createMemoryDeps()
  const app = createApp(deps)
  await seedScenario(scenario, deps)
  await setupWorker(...apiHandlers(app, { sessionToken: scenarioSessionToken(scenario) })).start({
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
}
