import { setupWorker } from 'msw/browser'
import { apiHandlers } from './handlers.ts'
import { createMockApp } from './mock-app.ts'
import { scenarioFromSearch } from './scenarios.ts'

/**
 * The real API in the browser over memory adapters, seeded with `?scenario=` (default demo).
 * The SPA loads this file only through a dynamic import in mock mode.
 */
export async function startMockWorker(): Promise<void> {
  const scenario = scenarioFromSearch(window.location.search)
  const { app } = await createMockApp(scenario)
  await setupWorker(...apiHandlers(app)).start({
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
}
