import type { Hono } from 'hono'
import { createApp } from '#server/app/create-app.ts'
import { createMemoryDeps, type MemoryDeps, type MemoryDepsOptions } from './memory-deps.ts'
import { type ScenarioName, scenarioCatalog, scenarioSessionToken, seedScenario } from './scenarios.ts'
import { createSessionJar, type SessionJar } from './session-jar.ts'

/** The app over memory deps, seeded with `scenario`, signed in as the scenario's demo user. */
export async function createMockApp(
  scenario: ScenarioName,
  options: MemoryDepsOptions = {},
): Promise<{ app: Hono; deps: MemoryDeps; jar: SessionJar }> {
  const jar = createSessionJar(scenarioSessionToken(scenario))
  const deps = createMemoryDeps({
    ...options,
    catalogPlugins: scenarioCatalog(scenario),
    onSessionChange: jar.set,
    ambientSessionToken: jar.current,
    ...(scenario === 'cluster' ? { cluster: true } : {}),
  })
  const app = createApp(deps)
  await seedScenario(scenario, deps)
  return { app, deps, jar }
}
