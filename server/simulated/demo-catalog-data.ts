import type { CatalogEntry } from '#core/api/marketplace-schemas.ts'
import { DEMO_GREETER_SCHEMA } from './demo-config-schemas.ts'

/** A catalog plugin of the demo: its marketplace entry and the modules its package declares. */
export interface DemoPlugin {
  entry: CatalogEntry
  modules: { id: string; name: string; type: string; configSchema?: Record<string, unknown> }[]
  /** Modules of particular versions, where they differ from `modules` (e.g. a stricter config schema). */
  versionModules?: Record<string, DemoPlugin['modules']>
}

const published = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString()

function plugin(
  pluginId: string,
  fields: Pick<CatalogEntry, 'name' | 'description' | 'categories'>,
  versions: [version: string, capabilities: string[], changelog?: string][],
  modules: DemoPlugin['modules'] = [{ id: 'main', name: 'Main', type: 'service' }],
  bundle: CatalogEntry['bundle'] = null,
): DemoPlugin {
  const newestFirst = [...versions].reverse()
  return {
    entry: {
      pluginId,
      ...fields,
      author: 'Acme Plugins',
      icon: null,
      versions: newestFirst.map(([version, capabilities, changelog], index) => ({
        version,
        capabilities,
        minHostVersion: '1.0.0',
        publishedAt: published(20 - index),
        changelog: changelog ?? null,
      })),
      latestVersion: newestFirst[0]?.[0] ?? '0.0.0',
      bundle,
    },
    modules,
  }
}

/** The demo catalog: every lifecycle path of the console has a plugin that takes it. */
export const DEMO_PLUGINS: DemoPlugin[] = [
  plugin(
    'acme/hello-world',
    {
      name: 'Hello World',
      description: 'Greets your workspace: a command and a tool.',
      categories: ['examples'],
    },
    [
      ['1.0.0', ['messages:read'], 'First release.'],
      ['1.1.0', ['messages:read'], 'Friendlier greetings.'],
      ['2.0.0', ['messages:read', 'messages:write'], 'Replies to messages (needs messages:write).'],
    ],
    [
      { id: 'greeter', name: 'Greeter', type: 'command', configSchema: DEMO_GREETER_SCHEMA },
      { id: 'hello-tool', name: 'Hello tool', type: 'tool' },
    ],
  ),
  plugin(
    'acme/broken-loader',
    { name: 'Broken Loader', description: 'A module that throws while loading.', categories: ['examples'] },
    [['1.0.0', []]],
  ),
  plugin(
    'acme/slow-sync',
    { name: 'Slow Sync', description: 'Synchronises a large archive, slowly.', categories: ['data'] },
    [
      ['1.0.0', ['storage:read', 'network']],
      ['1.2.0', ['storage:read', 'network']],
    ],
  ),
  plugin(
    'acme/metrics',
    { name: 'Metrics', description: 'Counters and gauges for every plugin.', categories: ['observability'] },
    [
      ['1.0.0', ['metrics:write']],
      ['1.1.0', ['metrics:write']],
    ],
  ),
  plugin(
    'acme/legacy-bridge',
    {
      name: 'Legacy Bridge',
      description: 'Talks to the old system (its package is badly signed).',
      categories: ['integration'],
    },
    [['0.9.0', ['network']]],
  ),
  plugin(
    'acme/starter-bundle',
    {
      name: 'Starter Bundle',
      description: 'Metrics and the Legacy Bridge in one install.',
      categories: ['bundles'],
    },
    [['1.0.0', ['metrics:write', 'network']]],
    [],
    [
      { pluginId: 'acme/metrics', version: '1.1.0' },
      { pluginId: 'acme/legacy-bridge', version: '0.9.0' },
    ],
  ),
  plugin(
    'acme/weather',
    { name: 'Weather', description: 'Forecasts in your channels.', categories: ['productivity'] },
    [
      ['1.0.0', ['network']],
      ['1.1.0', ['network']],
    ],
  ),
  plugin(
    'acme/jira-sync',
    {
      name: 'Jira Sync',
      description: 'Two-way issue synchronisation.',
      categories: ['integration', 'productivity'],
    },
    [
      ['2.3.0', ['network', 'issues:write']],
      ['2.4.0', ['network', 'issues:write']],
    ],
  ),
  plugin(
    'acme/audit-log',
    {
      name: 'Audit Log',
      description: 'Keeps a tamper-evident trail of admin actions.',
      categories: ['security'],
    },
    [['1.0.0', ['events:read', 'storage:write']]],
  ),
  plugin(
    'acme/translator',
    { name: 'Translator', description: 'Translates messages on request.', categories: ['productivity'] },
    [
      ['0.3.0', ['messages:read']],
      ['0.4.0', ['messages:read']],
    ],
  ),
]
