import type { Role } from '#core/api/auth-schemas.ts'
import type { InstallRequest } from '#core/api/install-schemas.ts'
import { createServices, type Services } from '#server/app/services/services.ts'
import { createUpdateChecker } from '#server/app/updates/update-checker.ts'
import { DEMO_PLUGINS, type DemoPlugin } from '#server/simulated/demo-catalog-data.ts'
import type { PluginScript } from '#server/simulated/simulated-steps.ts'
import { DEMO_USERS, seedDemoAccounts } from './demo-accounts.ts'
import { HOSTILE_PLUGIN, HOSTILE_SCRIPT } from './hostile-plugin.ts'
import type { MemoryDeps } from './memory-deps.ts'

/** Catalog plugins a scenario adds to the demo catalog. */
export function scenarioCatalog(name: ScenarioName): DemoPlugin[] {
  return name === 'hostile' ? [...DEMO_PLUGINS, HOSTILE_PLUGIN] : DEMO_PLUGINS
}

export const SCENARIOS = [
  'demo',
  'empty',
  'busy',
  'failing',
  'member',
  'owner',
  'hostile',
  'crashing',
  'cluster',
] as const
export type ScenarioName = (typeof SCENARIOS)[number]

/** The workspace every scenario seeds (the SPA's default). */
export const DEFAULT_WORKSPACE_ID = 'default'
const ACTOR = DEMO_USERS.admin.email

/** Who a scenario is signed in as: `member` and `owner` by their names, every other one the demo admin. */
export function scenarioRole(name: ScenarioName): Role {
  if (name === 'cluster') return 'owner'
  return name === 'member' || name === 'owner' ? name : 'admin'
}

/** The session cookie value the mocks attach to every request in `name`. */
export function scenarioSessionToken(name: ScenarioName): string {
  return DEMO_USERS[scenarioRole(name)].sessionToken
}

/** `?scenario=busy` → 'busy'; anything else → 'demo'. */
export function scenarioFromSearch(search: string): ScenarioName {
  const value = new URLSearchParams(search).get('scenario')
  return (SCENARIOS as readonly string[]).includes(value ?? '') ? (value as ScenarioName) : 'demo'
}

/** Weather's worker in `crashing`: down 4 s after every start, given up on after 4 crashes in a row. */
const CRASH_LOOP: PluginScript = {
  crashLoop: { crashAfterMs: 4_000, maxCrashes: 4, backoffMs: 1_000 },
}

/** Runtime outcomes a scenario needs from the start: in `failing`, every plugin fails to load. */
export function scenarioScript(name: ScenarioName): Record<string, PluginScript> {
  if (name === 'hostile') return { [HOSTILE_PLUGIN.entry.pluginId]: HOSTILE_SCRIPT }
  if (name === 'crashing') return { 'acme/weather': CRASH_LOOP }
  if (name !== 'failing') return {}
  const message = 'Worker exited with code 1 while loading: ECONNREFUSED 127.0.0.1:5432'
  return {
    '*': {
      failAt: 'load',
      code: 'LOAD_FAILED',
      message,
      detail: `${message}\n    at connect (plugin/db.js:14:9)\n--- worker log ---\n[main] connecting to the database`,
    },
  }
}

const item = (pluginId: string, version: string) => ({ source: 'marketplace' as const, pluginId, version })
const install = (services: Services, ...items: InstallRequest['items']) =>
  services.installs.install(DEFAULT_WORKSPACE_ID, { items }, ACTOR)

async function pluginIdOf(deps: MemoryDeps, ref: string): Promise<string> {
  const plugin = await deps.store.findPluginByRef(DEFAULT_WORKSPACE_ID, ref)
  if (!plugin) throw new Error(`scenario: ${ref} was not installed`)
  return plugin.id
}

/** Runs `seed` with instant steps and waits until every task it started has ended. */
async function instantly(deps: MemoryDeps, services: Services, seed: () => Promise<unknown>): Promise<void> {
  const stepMs = deps.runtime.stepMs()
  deps.runtime.setStepMs(0)
  try {
    await seed()
    await services.runner.idle()
  } finally {
    deps.runtime.setStepMs(stepMs)
  }
}

/** Installs and acts through the services, so seeded state follows the same rules as the app. */
const SEEDS: Record<ScenarioName, (deps: MemoryDeps, services: Services) => Promise<void>> = {
  empty: async () => {},
  demo: async (deps, services) => {
    await instantly(deps, services, async () => {
      for (const [ref, version] of [
        ['acme/hello-world', '1.0.0'],
        ['acme/weather', '1.0.0'],
        ['acme/metrics', '1.1.0'],
        ['acme/translator', '0.3.0'],
      ]) {
        await install(services, item(ref ?? '', version ?? ''))
      }
    })
    await services.tasks.clear(DEFAULT_WORKSPACE_ID)
    await instantly(deps, services, async () => {
      await install(services, item('acme/broken-loader', '1.0.0'))
      await services.plugins.act(
        DEFAULT_WORKSPACE_ID,
        await pluginIdOf(deps, 'acme/weather'),
        'disable',
        ACTOR,
      )
    })
    // As the server's background check would have: the Updates page says when sources were checked.
    await createUpdateChecker(deps, services.updates).round()
  },
  busy: async (deps, services) => {
    await instantly(deps, services, async () => {
      await install(services, item('acme/hello-world', '1.0.0'))
      await install(services, item('acme/weather', '1.0.0'))
    })
    await services.tasks.clear(DEFAULT_WORKSPACE_ID)
    // At normal speed and not awaited: these progress while the console is open.
    await install(services, item('acme/slow-sync', '1.0.0'))
    await install(services, item('acme/metrics', '1.1.0'), item('acme/legacy-bridge', '0.9.0'))
    await services.plugins.act(
      DEFAULT_WORKSPACE_ID,
      await pluginIdOf(deps, 'acme/hello-world'),
      'restart',
      ACTOR,
    )
    await services.plugins.upgrade(
      DEFAULT_WORKSPACE_ID,
      await pluginIdOf(deps, 'acme/weather'),
      '1.1.0',
      ACTOR,
    )
    await install(services, item('acme/audit-log', '1.0.0'))
  },
  member: async (deps, services) => SEEDS.demo(deps, services),
  cluster: async (deps, services) => {
    await SEEDS.demo(deps, services)
    const nodes = deps.nodes
    if (!nodes) return
    nodes.addNode({ name: 'node-a', runningItems: 1 })
    nodes.addNode({ name: 'node-b' })
    nodes.addNode({ name: 'node-c', heartbeatAgoMs: 25_000 })
    nodes.addNode({ name: 'node-d', state: 'stopped', heartbeatAgoMs: 3_600_000 })
    const names = ['node-a', 'node-b', 'node-c']
    const { items } = await deps.store.listPlugins(DEFAULT_WORKSPACE_ID, {
      page: 1,
      pageSize: 50,
      sort: 'name',
    })
    for (const [index, plugin] of items.filter((plugin) => plugin.status === 'ready').entries()) {
      nodes.place(DEFAULT_WORKSPACE_ID, plugin.id, names[index % names.length] ?? null)
    }
  },
  owner: async (deps, services) => SEEDS.demo(deps, services),
  hostile: async (deps, services) => {
    await instantly(deps, services, async () => {
      await install(services, item('acme/hello-world', '1.0.0'))
      await install(services, item(HOSTILE_PLUGIN.entry.pluginId, '1.0.0'))
    })
  },
  crashing: async (deps, services) => {
    await instantly(deps, services, async () => {
      await install(services, item('acme/hello-world', '1.0.0'))
      await install(services, item('acme/weather', '1.0.0'))
    })
  },
  failing: async (deps, services) => {
    await instantly(deps, services, async () => {
      await install(services, item('acme/hello-world', '1.0.0'))
      await install(services, item('acme/weather', '1.0.0'))
      await install(services, item('acme/jira-sync', '2.4.0'), item('acme/audit-log', '1.0.0'))
    })
  },
}

/**
 * Seeds a scenario into fresh memory deps, its runtime scripts and the demo users (owner, admin,
 * member of `default`) included:
 * - demo: Hello World, Metrics, Translator `ready`; Weather `disabled`; Broken Loader `error` with
 *   lastError; two terminal tasks (the failed Broken Loader install, the Weather disable).
 * - empty: nothing.
 * - busy: Hello World and Weather installed, then running tasks at normal speed: Slow Sync install,
 *   the starter bundle (Metrics + Legacy Bridge, which fails at verify), a restart, an upgrade of
 *   Weather to 1.1.0, an Audit Log install.
 * - member, owner: the demo data, signed in as the demo member (reads only) or owner.
 * - hostile: Hello World, and a catalog plugin whose every text is markup and script, installed
 *   and failed at load (its error is markup too): the console must show all of it as text.
 * - crashing: Hello World, and Weather whose worker crashes 4 s after every start: restarts with
 *   backoff (1 s, 2 s, 4 s) while the console watches, then goes `error` after 4 crashes in a row.
 * - cluster: the demo data on three nodes (node-a, node-b, node-c, which stopped answering 25 s ago)
 *   and a stopped node-d, signed in as the owner (who may see and drain nodes).
 * - failing: every plugin fails at `load`: Hello World, Weather, Jira Sync, Audit Log in `error`,
 *   three failed install tasks; any further install fails too.
 */
export async function seedScenario(name: ScenarioName, deps: MemoryDeps): Promise<void> {
  await seedDemoAccounts(deps, DEFAULT_WORKSPACE_ID)
  for (const [ref, script] of Object.entries(scenarioScript(name))) deps.runtime.setScript(ref, script)
  await SEEDS[name](deps, createServices(deps))
}
