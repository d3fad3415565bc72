import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { AppDeps, PackageInfo } from '#server/app/ports.ts'

/**
 * The package a plugin runs (or would run) at `version`: its upload when the row says it came from
 * one, otherwise that catalog version. Null when neither has it any more, and for a registry plugin.
 */
export async function pluginPackage(
  deps: AppDeps,
  workspaceId: string,
  plugin: Pick<Plugin, 'pluginId' | 'source'>,
  version: string,
): Promise<PackageInfo | null> {
  const { type, packageId } = plugin.source
  if (type === 'package') {
    return packageId ? ((await deps.packages?.resolve(workspaceId, packageId)) ?? null) : null
  }
  // A registry plugin is not the local catalog's, even under the same name: its manifest is kept
  // with its row (ConfigStore.modulesOf), never looked up here.
  if (type === 'registry') return null
  return deps.catalog.resolve(plugin.pluginId, version)
}
