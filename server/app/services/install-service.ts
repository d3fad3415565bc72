import type { InstallItem, InstallRequest } from '#core/api/install-schemas.ts'
import { CATALOG_SOURCE_ID } from '#core/api/source-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps, PackageInfo, PluginClaim } from '#server/app/ports.ts'
import { createSourceAccess } from '#server/app/sources/source-access.ts'
import { RegistryError } from '#server/app/sources/source-ports.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { createTaskOrThrow, type NewTaskItem, newTask } from './new-task.ts'
import { newPluginRow, packageFields } from './package-fields.ts'
import { writePluginStatus } from './plugin-status-writer.ts'
import { assertCanStart } from './transition-guard.ts'

interface Planned {
  pkg: PackageInfo
  item: NewTaskItem
  claim: PluginClaim
  reinstall: boolean
}

/**
 * Installs from the catalog or from uploads: one task, one item per plugin (a bundle is posted as
 * its members).
 */
export function createInstallService(deps: AppDeps, runner: TaskRunner) {
  const { store, catalog, clock } = deps
  const access = createSourceAccess(deps)
  const resolveFailures = new WeakMap<PackageInfo, { code: string; message: string }>()

  /** A package that could not be resolved: its row is a placeholder the item's first step removes. */
  function unresolved(entry: { pluginId: string; version: string; sourceId?: string }, error: RegistryError) {
    const pkg: PackageInfo = {
      pluginId: entry.pluginId,
      version: entry.version,
      name: entry.pluginId,
      description: '',
      author: 'unknown',
      icon: null,
      categories: [],
      capabilities: [],
      modules: [],
      source: { type: 'registry', packageId: null, sha256: null, sourceId: entry.sourceId ?? '' },
    }
    resolveFailures.set(pkg, { code: error.code, message: error.message })
    return pkg
  }

  /** The package an item names: an upload of this workspace, or a catalog version. */
  async function resolve(workspaceId: string, entry: InstallItem): Promise<PackageInfo> {
    if (entry.source === 'package') {
      const pkg = await deps.packages?.resolve(workspaceId, entry.packageId)
      if (!pkg) throw new ApiError('NOT_FOUND', `unknown package ${entry.packageId}`)
      return pkg
    }
    if (entry.sourceId && entry.sourceId !== CATALOG_SOURCE_ID) {
      try {
        const pkg = await access.resolve(workspaceId, entry.sourceId, entry.pluginId, entry.version)
        if (pkg) return pkg
      } catch (error) {
        if (!(error instanceof RegistryError)) throw error
        // Resolving is the item's first step: its failure is the item's, with its code.
        return unresolved(entry, error)
      }
    }
    const pkg = await catalog.resolve(entry.pluginId, entry.version)
    if (pkg) return pkg
    const known = await catalog.get(entry.pluginId)
    throw new ApiError(
      'NOT_FOUND',
      known
        ? `version ${entry.version} of ${entry.pluginId} is not in the catalog`
        : `unknown plugin ${entry.pluginId}`,
    )
  }

  async function plan(workspaceId: string, pkg: PackageInfo): Promise<Planned> {
    const existing = await store.findPluginByRef(workspaceId, pkg.pluginId)
    if (existing) assertCanStart('reinstall', existing)
    const id = existing?.id ?? deps.newId('plg')
    const failed = resolveFailures.get(pkg)
    const item = {
      pluginId: id,
      pluginRef: pkg.pluginId,
      pluginName: pkg.name,
      version: pkg.version,
      ...(failed ? { params: { unresolved: failed } } : {}),
    }
    if (existing) {
      const claim = { pluginId: id, expectStatus: 'uninstalled' as const }
      return { pkg, claim, reinstall: true, item: { ...item, params: { ...item.params, reinstall: true } } }
    }
    return {
      pkg,
      item,
      reinstall: false,
      claim: { pluginId: id, create: newPluginRow(id, workspaceId, pkg, clock.now()) },
    }
  }

  /** The first event of a plugin's timeline; a reinstall is a transition back to `installed`. */
  async function recordStart(task: Task, planned: Planned, itemId: string): Promise<void> {
    const { pkg, item } = planned
    // The manifest's modules, kept with the row: its settings never need the package again.
    if (!item.params?.unresolved)
      await deps.configs.saveModules(task.workspaceId, item.pluginId, pkg.version, pkg.modules)
    const reason = `${planned.reinstall ? 'reinstall' : 'install'} of ${pkg.pluginId}@${pkg.version} started`
    const at = clock.now()
    if (!planned.reinstall) {
      await store.appendEvent({
        workspaceId: task.workspaceId,
        pluginId: item.pluginId,
        from: null,
        to: 'installed',
        actor: task.actor,
        reason,
        at: at.toISOString(),
      })
      return
    }
    // An unresolved package has only placeholder fields: the row keeps its own until the item fails.
    const fields = item.params?.unresolved ? {} : packageFields(pkg)
    const patch = { ...fields, lastError: null, health: 'unknown' as const }
    const request = {
      from: 'uninstalled' as const,
      to: 'installed' as const,
      patch,
      actor: task.actor,
      reason,
      at,
    }
    if (!(await writePluginStatus(store, task.workspaceId, item.pluginId, request))) {
      const error = { code: 'CONFLICT', message: 'the plugin changed meanwhile', detail: null }
      await store.updateTaskItem(task.workspaceId, task.id, itemId, {
        status: 'failed',
        message: error.message,
        error,
        finishedAt: at.toISOString(),
      })
    }
  }

  /** One install task for packages already resolved. */
  async function installPackages(workspaceId: string, packages: PackageInfo[], actor: string): Promise<Task> {
    const plans: Planned[] = []
    for (const pkg of packages) plans.push(await plan(workspaceId, pkg))
    const task = newTask(deps, {
      workspaceId,
      kind: 'install',
      actor,
      items: plans.map((planned) => planned.item),
    })
    const created = await createTaskOrThrow(
      deps,
      task,
      plans.map((planned) => planned.claim),
    )
    for (const [index, planned] of plans.entries()) {
      await recordStart(created, planned, created.items[index]?.id ?? '')
    }
    runner.enqueue(created)
    return (await store.getTask(workspaceId, created.id)) ?? created
  }

  return {
    async install(workspaceId: string, request: InstallRequest, actor: string): Promise<Task> {
      const packages: PackageInfo[] = []
      for (const entry of request.items) packages.push(await resolve(workspaceId, entry))
      return installPackages(workspaceId, packages, actor)
    },
    /** Installs one package the caller resolved (dev mode's folder, uploaded and marked `dev`). */
    installPackage: (workspaceId: string, pkg: PackageInfo, actor: string): Promise<Task> =>
      installPackages(workspaceId, [pkg], actor),
  }
}

export type InstallService = ReturnType<typeof createInstallService>
