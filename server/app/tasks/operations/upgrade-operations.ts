import type { Plugin } from '#core/api/plugin-schemas.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import { applyDefaults, settingsFor } from '#server/app/config/version-defaults.ts'
import { type PackageInfo, type StartResult, StepFailure } from '#server/app/ports.ts'
import { packageFields, stoppedModules } from '#server/app/services/package-fields.ts'
import { createSourceAccess, registryStepFailure } from '#server/app/sources/source-access.ts'
import { fullText } from '../item-outcome.ts'
import type { OperationRun } from '../operation-run.ts'

/**
 * The new version from the plugin's own source, fetched and verified (a registry download is checked
 * against its integrity before the runtime unpacks it).
 */
async function resolvePackage(run: OperationRun, version: string): Promise<PackageInfo> {
  const access = createSourceAccess(run.deps)
  const { source, pluginId } = run.plugin
  const sourceId = source.type === 'registry' ? source.sourceId : undefined
  let pkg: PackageInfo | null
  try {
    pkg = await access.resolve(run.task.workspaceId, sourceId, pluginId, version)
  } catch (error) {
    throw registryStepFailure('resolve', error)
  }
  if (!pkg) throw new StepFailure('download', 'NOT_FOUND', `${pluginId}@${version} is not in the catalog`)
  await access.fetch(run.context(0, 10), pkg)
  return pkg
}

/** The plugin as it will be on the new version (what the runtime starts). */
const onVersion = (plugin: Plugin, pkg: PackageInfo): Plugin => ({ ...plugin, ...packageFields(pkg) })
const running = (started: StartResult) => ({
  modules: started.modules,
  health: started.health,
  lastError: null,
})

/**
 * After a staged version failed to start (or its start was cancelled): the old version is current
 * again and the staged one is dropped; the old worker runs again if it ran before.
 */
async function rollBackSwap(
  run: OperationRun,
  next: Plugin,
  cause: unknown,
  keepStaged = false,
): Promise<void> {
  const { runtime } = run.deps
  await run.cleanup((ctx) => runtime.stop(ctx), next)
  await run.cleanup((ctx) => runtime.rollback(ctx), next)
  if (keepStaged) return
  await run.cleanup((ctx) => runtime.settleStaged(ctx, 'discard'))
  const from = run.plugin.status
  const wasRunning = from === 'ready' || run.task.kind === 'approve'
  if (!wasRunning) return
  const started = await run.restoreWorker()
  const why = run.signal.aborted ? 'cancelled' : `failed: ${firstLine(fullText(cause))}`
  const reason = `${next.version} ${why}; rolled back to ${run.plugin.version}`
  if (started) await run.transition(from, 'ready', reason, { ...running(started), pendingUpgrade: null })
  else await run.markError(from, cause, { pendingUpgrade: null })
}

/** Writes the defaults the new version adds before it starts; `undo` when it does not start after all. */
async function newDefaults(run: OperationRun, pkg: PackageInfo) {
  const { deps, task, plugin } = run
  const request = { workspaceId: task.workspaceId, pluginId: plugin.id, pkg, actor: task.actor }
  const version = await applyDefaults(deps, { ...request, taskId: task.id })
  return {
    async undo() {
      if (version) await deps.configs.setStatus(task.workspaceId, plugin.id, version, { status: 'failed' })
    },
  }
}

/**
 * upgrade {version}: stage beside the running version, diff the capabilities against the approved
 * set. Nothing new → stop, swap, start, `ready` (a failed start rolls back by itself). New
 * capabilities → `upgrade_pending` with the diff, worker stopped, the staged version kept.
 */
export async function runUpgrade(run: OperationRun): Promise<void> {
  const { runtime } = run.deps
  const { plugin } = run
  const pkg = await resolvePackage(run, run.item.version ?? '')
  await runtime.stage(run.context(0, 40), pkg)
  const added = pkg.capabilities.filter((capability) => !plugin.approvedCapabilities.includes(capability))
  const removed = plugin.capabilities.filter((capability) => !pkg.capabilities.includes(capability))
  try {
    await runtime.stop(run.context(40, 55))
  } catch (error) {
    await run.cleanup((ctx) => runtime.settleStaged(ctx, 'discard'))
    if (!run.signal.aborted) await run.markError(plugin.status, error)
    throw error
  }
  const { problems: configProblems } = await settingsFor(run.deps, {
    workspaceId: run.task.workspaceId,
    pluginId: plugin.id,
    pkg,
  })
  if (added.length > 0 || configProblems.length > 0) {
    const pendingUpgrade = {
      version: pkg.version,
      addedCapabilities: added,
      removedCapabilities: removed,
      ...(configProblems.length > 0 ? { configProblems } : {}),
    }
    const needs = [
      ...(added.length > 0 ? [`approval of ${added.join(', ')}`] : []),
      ...(configProblems.length > 0
        ? [`settings that ${pkg.version} accepts: ${configProblems.join('; ')}`]
        : []),
    ]
    const reason = `upgrade to ${pkg.version} needs ${needs.join(' and ')}`
    await run.transition(plugin.status, 'upgrade_pending', reason, {
      pendingUpgrade,
      modules: stoppedModules(plugin.modules),
      health: 'unknown',
    })
    return
  }
  const next = onVersion(plugin, pkg)
  await runtime.settleStaged(run.context(55, 60, next), 'commit')
  let started: StartResult
  const defaults = await newDefaults(run, pkg)
  try {
    started = await runtime.start(run.context(60, 100, next))
  } catch (error) {
    await defaults.undo()
    await rollBackSwap(run, next, error)
    throw error
  }
  await run.transition(plugin.status, 'ready', `upgraded ${plugin.version} → ${pkg.version}`, {
    ...packageFields(pkg),
    ...running(started),
    pendingUpgrade: null,
  })
}

/** approve: swap to the staged version, start it, record who approved which capabilities. */
export async function runApprove(run: OperationRun): Promise<void> {
  const { runtime } = run.deps
  const pending = run.plugin.pendingUpgrade
  if (!pending) throw new StepFailure('swap', 'CONFLICT', 'no upgrade is waiting for approval')
  const pkg = await resolvePackage(run, pending.version)
  const { problems } = await settingsFor(run.deps, {
    workspaceId: run.task.workspaceId,
    pluginId: run.plugin.id,
    pkg,
  })
  if (problems.length > 0) {
    const message = `${pkg.version} does not accept the stored settings; change them first`
    throw new StepFailure('swap', 'VALIDATION_FAILED', message, `${message}\n${problems.join('\n')}`)
  }
  const next = onVersion(run.plugin, pkg)
  await runtime.settleStaged(run.context(0, 20, next), 'commit')
  let started: StartResult
  const defaults = await newDefaults(run, pkg)
  try {
    started = await runtime.start(run.context(20, 100, next))
  } catch (error) {
    await defaults.undo()
    // Cancelled: back to waiting for approval with the staged version kept; failed: roll back.
    await rollBackSwap(run, next, error, run.signal.aborted)
    throw error
  }
  const approved = pending.addedCapabilities.join(', ') || 'no new capabilities'
  await run.transition(
    'upgrade_pending',
    'ready',
    `${run.task.actor} approved ${approved} for ${pkg.version}`,
    {
      ...packageFields(pkg),
      ...running(started),
      approvedCapabilities: [...pkg.capabilities],
      pendingUpgrade: null,
    },
  )
}

/** reject: drop the staged version and start the current one again. */
export async function runReject(run: OperationRun): Promise<void> {
  const { runtime } = run.deps
  const version = run.plugin.pendingUpgrade?.version ?? 'the staged version'
  await runtime.settleStaged(run.context(0, 20), 'discard')
  let started: StartResult
  try {
    started = await runtime.start(run.context(20, 100))
  } catch (error) {
    // The staged version is gone either way; without a running worker the plugin is `error`.
    if (run.signal.aborted) await run.cleanup((ctx) => runtime.stop(ctx))
    const cause = run.signal.aborted
      ? new Error(`rejected ${version}, but the start of ${run.plugin.version} was cancelled`)
      : error
    await run.markError('upgrade_pending', cause, { pendingUpgrade: null })
    throw error
  }
  await run.transition('upgrade_pending', 'ready', `${run.task.actor} rejected ${version}`, {
    ...running(started),
    pendingUpgrade: null,
  })
}
