import type { CatalogEntry } from '#core/api/marketplace-schemas.ts'
import type { Catalog, PackageInfo } from '#server/app/ports.ts'
import { DEMO_PLUGINS, type DemoPlugin } from './demo-catalog-data.ts'
import type { PluginScript } from './simulated-steps.ts'

/** How the demo plugins behave in the simulated runtime; every other plugin installs cleanly. */
export const DEMO_SCRIPTS: Record<string, PluginScript> = {
  'acme/broken-loader': {
    failAt: 'load',
    code: 'LOAD_FAILED',
    message:
      'Module "main" failed to load: TypeError: Cannot read properties of undefined (reading \'token\')',
    detail: [
      'Module "main" failed to load: TypeError: Cannot read properties of undefined (reading \'token\')',
      '    at onLoad (plugins/acme/broken-loader/index.js:12:31)',
      '    at loadModules (host/worker.js:88:17)',
      '--- worker log (last lines) ---',
      '[main] reading config',
      '[main] config.auth is undefined',
    ].join('\n'),
  },
  'acme/slow-sync': { slowdown: 5 },
  'acme/legacy-bridge': {
    failAt: 'verify',
    code: 'STEP_FAILED',
    message: 'Package signature does not match the catalog checksum',
    detail:
      'Package signature does not match the catalog checksum\nexpected sha256 9f2c…e1\nactual   sha256 04ab…7d',
  },
}

const matches = (entry: CatalogEntry, q: string) =>
  [entry.name, entry.pluginId, entry.description].some((text) => text.toLowerCase().includes(q))

/** The Catalog port over static data: search by q and category, versions newest first. */
export function createDemoCatalog(plugins: readonly DemoPlugin[] = DEMO_PLUGINS): Catalog {
  const byId = new Map(plugins.map((plugin) => [plugin.entry.pluginId, plugin]))
  return {
    async list(query) {
      const q = query.q?.toLowerCase()
      return plugins
        .map((plugin) => plugin.entry)
        .filter(
          (entry) =>
            (!q || matches(entry, q)) && (!query.category || entry.categories.includes(query.category)),
        )
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((entry) => structuredClone(entry))
    },
    async get(pluginId) {
      const plugin = byId.get(pluginId)
      return plugin ? structuredClone(plugin.entry) : null
    },
    async resolve(pluginId, version): Promise<PackageInfo | null> {
      const plugin = byId.get(pluginId)
      const found = plugin?.entry.versions.find((candidate) => candidate.version === version)
      if (!plugin || !found || plugin.entry.bundle) return null
      const { entry } = plugin
      return {
        pluginId,
        version,
        name: entry.name,
        description: entry.description,
        author: entry.author,
        icon: entry.icon,
        categories: [...entry.categories],
        capabilities: [...found.capabilities],
        modules: structuredClone(plugin.versionModules?.[version] ?? plugin.modules),
        source: { type: 'marketplace', packageId: null, sha256: null },
      }
    },
  }
}
