import type { OperationRun } from '../operation-run.ts'
import { resolvePackage } from './upgrade-operations.ts'

/**
 * Cluster mode: a plugin that ran on another node (a failover, an operation routed here after its
 * node was lost) may have no files on this node. Its current version is fetched from the plugin's
 * own source (catalog, upload, registry) and unpacked here before its worker starts; on a node that
 * has them, or with a runtime that keeps no files per node, this does nothing.
 */
export async function ensureFilesHere(run: OperationRun, from: number, to: number): Promise<void> {
  const runtime = run.deps.runtime
  if (!runtime.installedVersion) return
  const ctx = run.context(from, to)
  if ((await runtime.installedVersion(ctx)) === run.plugin.version) return
  const pkg = await resolvePackage(run, run.plugin.version)
  await runtime.install(ctx, pkg)
}
