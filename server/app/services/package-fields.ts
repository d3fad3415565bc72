import type { ModuleState, Plugin } from '#core/api/plugin-schemas.ts'
import type { PackageInfo } from '#server/app/ports.ts'

/** The plugin fields a package's manifest decides; written on install, reinstall and upgrade. */
export function packageFields(pkg: PackageInfo) {
  return {
    version: pkg.version,
    name: pkg.name,
    description: pkg.description,
    author: pkg.author,
    icon: pkg.icon,
    categories: [...pkg.categories],
    capabilities: [...pkg.capabilities],
    modules: stoppedModules(pkg.modules),
    source: { ...pkg.source },
  } satisfies Partial<Plugin>
}

/** Modules as they are while no worker runs. */
export function stoppedModules(
  modules: readonly { id: string; name: string; type: string }[],
): ModuleState[] {
  return modules.map(({ id, name, type }) => ({ id, name, type, status: 'stopped', error: null }))
}

/** The row a fresh install inserts: installing approves the capabilities the package asks for. */
export function newPluginRow(id: string, workspaceId: string, pkg: PackageInfo, at: Date): Plugin {
  return {
    id,
    workspaceId,
    pluginId: pkg.pluginId,
    ...packageFields(pkg),
    approvedCapabilities: [...pkg.capabilities],
    status: 'installed',
    health: 'unknown',
    lastError: null,
    activeTaskId: null,
    pendingUpgrade: null,
    revision: 0,
    installedAt: at.toISOString(),
    updatedAt: at.toISOString(),
  }
}
