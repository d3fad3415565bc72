import { pluginPackage } from '#server/app/services/plugin-package.ts'
import { createSourceAccess, packageFromRow } from '#server/app/sources/source-access.ts'
import type { OperationRun } from '../operation-run.ts'

/**
 * Cluster mode: a plugin that ran on another node (a failover, an operation routed here after its
 * node was lost or stopped) may have no files on this node. Its current version is fetched from the
 * plugin's own source (catalog, upload, registry) and unpacked here before its worker starts; on a
 * node that has them, or with a runtime that keeps no files per node, this does nothing.
 */
export async function ensureFilesHere(run: OperationRun, from: number, to: number): Promise<void> {
  const { deps, plugin, task } = run
  if (!deps.runtime.installedVersion) return
  if ((await deps.runtime.installedVersion(run.context(from, to))) === plugin.version) return
  const pkg =
    plugin.source.type === 'registry'
      ? packageFromRow(plugin)
      : await pluginPackage(deps, task.workspaceId, plugin, plugin.version)
  // No package any more: the start says what is missing.
  if (!pkg) return
  const middle = Math.round((from + to) / 2)
  await createSourceAccess(deps).fetch(run.context(from, middle), pkg)
  await deps.runtime.install(run.context(middle, to), pkg)
}
