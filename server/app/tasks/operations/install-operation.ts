import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import { applyDefaults } from '#server/app/config/version-defaults.ts'
import { type AppDeps, type PackageInfo, StepFailure } from '#server/app/ports.ts'
import { pluginPackage } from '#server/app/services/plugin-package.ts'
import { writePluginStatus } from '#server/app/services/plugin-status-writer.ts'
import { createSourceAccess, packageFromRow } from '#server/app/sources/source-access.ts'
import { fullText } from '../item-outcome.ts'
import type { OperationRun } from '../operation-run.ts'

/**
 * install: download → verify → extract, then start → load, then `installed → ready`.
 * Before the worker starts nothing may stay behind: a fresh install's row is deleted, a reinstall
 * goes back to `uninstalled`. A failed start leaves the plugin in `error` with the full text.
 */
export async function runInstall(run: OperationRun): Promise<void> {
  const { deps, item, plugin } = run
  const unresolved = item.params?.unresolved
  if (unresolved) {
    const failure = new StepFailure('resolve', unresolved.code, unresolved.message)
    await undoInstall(run, failure)
    throw failure
  }
  const pkg = await packageOf(run)
  if (!pkg) {
    const { packageId, type } = plugin.source
    const missing = new StepFailure(
      'download',
      'NOT_FOUND',
      type === 'package'
        ? `the uploaded package ${packageId} is gone`
        : `${item.pluginRef}@${item.version} is not in the catalog`,
    )
    await undoInstall(run, missing)
    throw missing
  }
  try {
    await createSourceAccess(deps).fetch(run.context(0, 30), pkg)
    await deps.runtime.install(run.context(pkg.source.type === 'registry' ? 30 : 0, 60), pkg)
  } catch (error) {
    await undoInstall(run, error)
    throw error
  }
  let started: Awaited<ReturnType<typeof deps.runtime.start>>
  try {
    const request = { workspaceId: run.task.workspaceId, pluginId: plugin.id, pkg, actor: run.task.actor }
    await applyDefaults(deps, { ...request, taskId: run.task.id })
    started = await deps.runtime.start(run.context(60, 100))
    // A cancel that came while the worker loaded, and that the load did not notice, still wins:
    // the cancel was accepted, so the install must not end a success.
    run.signal.throwIfAborted()
  } catch (error) {
    if (run.signal.aborted) {
      await run.cleanup((ctx) => deps.runtime.stop(ctx))
      await run.cleanup((ctx) => deps.runtime.remove(ctx, { purge: !item.params?.reinstall }))
      await undoInstall(run, error)
    } else {
      await run.markError('installed', error)
    }
    throw error
  }
  await run.transition('installed', 'ready', `installed ${pkg.pluginId}@${pkg.version}`, {
    modules: started.modules,
    health: started.health,
    lastError: null,
  })
}

/** The package the request chose: its upload (the row's source says which), or its catalog version. */
async function packageOf({ deps, task, item, plugin }: OperationRun): Promise<PackageInfo | null> {
  // Resolved once, when the task was created: the row holds the exact version, integrity and
  // tarball, and the manifest's modules were kept beside it (their config schemas give the defaults).
  if (plugin.source.type === 'registry') {
    const kept = await deps.configs.modulesOf(task.workspaceId, plugin.id, plugin.version)
    return kept ? { ...packageFromRow(plugin), modules: kept } : packageFromRow(plugin)
  }
  return pluginPackage(deps, task.workspaceId, plugin, item.version ?? plugin.version)
}

async function undoInstall(run: OperationRun, error: unknown): Promise<void> {
  if (run.item.params?.reinstall) {
    const why = run.signal.aborted ? 'cancelled' : `failed: ${firstLine(fullText(error))}`
    await run.transition('installed', 'uninstalled', `reinstall ${why}`)
  } else {
    await run.deps.configs.removeAll(run.task.workspaceId, run.plugin.id)
    await run.deps.store.deletePlugin(run.task.workspaceId, run.plugin.id)
  }
}

/**
 * An install item that ends before it ever ran (its task was cancelled while it waited) undoes
 * what the request already wrote: the fresh row, or the reinstall's move back to `installed`.
 */
export async function abandonInstall(deps: AppDeps, task: Task, item: TaskItem): Promise<void> {
  if (!item.params?.reinstall) return deps.store.deletePlugin(task.workspaceId, item.pluginId)
  const request = {
    from: 'installed' as const,
    to: 'uninstalled' as const,
    actor: task.actor,
    at: deps.clock.now(),
  }
  await writePluginStatus(deps.store, task.workspaceId, item.pluginId, {
    ...request,
    reason: 'reinstall cancelled',
  })
}
