import type { ModuleState } from '#core/api/plugin-schemas.ts'
import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import { redactSecrets } from '#core/config/config-fields.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import type { ConfigVersion } from '#server/app/config/config-ports.ts'
import { secretValuesOf } from '#server/app/config/config-values.ts'
import { type AppDeps, type OperationContext, type StartResult, StepFailure } from '#server/app/ports.ts'
import type { OperationRun } from '../operation-run.ts'

const running = (started: StartResult) => ({
  modules: started.modules,
  health: started.health,
  lastError: null,
})

/** The new settings reach the worker: through the modules' hook where they have one, else a restart. */
async function applyToWorker(
  run: OperationRun,
  ctx: OperationContext,
  modules: string[],
): Promise<StartResult> {
  const { runtime } = run.deps
  const hooked = modules.length > 0 ? await runtime.reconfigure?.(ctx, modules) : null
  if (hooked) return hooked
  await runtime.stop(ctx)
  return runtime.start(ctx)
}

/** Modules that fail with the new values and did not fail before (a module broken anyway is no reason to roll back). */
function newlyFailed(before: readonly ModuleState[], after: readonly ModuleState[]): ModuleState[] {
  const failedBefore = new Set(before.filter((m) => m.status === 'stopped' && m.error).map((m) => m.id))
  return after.filter((m) => m.status === 'stopped' && m.error && !failedBefore.has(m.id))
}

/** The error of a failed configure with every secret value of both versions blanked out. */
async function redactedFailure(
  run: OperationRun,
  cause: unknown,
  versions: (ConfigVersion | null)[],
  suffix: string,
): Promise<StepFailure> {
  const secrets = await secretValuesOf(run.deps, versions)
  const step = cause instanceof StepFailure ? cause.step : 'load'
  const code = cause instanceof StepFailure ? cause.code : 'LOAD_FAILED'
  const message = redactSecrets(cause instanceof Error ? cause.message : String(cause), secrets)
  const detail = cause instanceof StepFailure && cause.detail ? redactSecrets(cause.detail, secrets) : null
  return new StepFailure(step, code, `${firstLine(message)}${suffix}`, detail)
}

/**
 * configure: the stored version becomes the one in force; a running plugin gets it (hook or
 * restart). When the plugin fails to load with it — the start fails, or a module that ran before
 * now fails — the version is marked failed, the previous one is in force again and the worker runs
 * with it, and the task fails naming the module's error. A plugin that does not run keeps the
 * values for its next start.
 */
export async function runConfigure(run: OperationRun): Promise<void> {
  const { deps, task, plugin, item } = run
  const ws = task.workspaceId
  const number = item.params?.configVersion ?? 0
  const candidate = await deps.configs.get(ws, plugin.id, number)
  if (candidate?.status !== 'pending') {
    throw new StepFailure('save', 'NOT_FOUND', `configuration version ${number} is not waiting to be applied`)
  }
  const previous = await deps.configs.current(ws, plugin.id)
  await run.context(0, 10).report({ step: 'save', progress: 100, message: `Saving version ${number}` })
  await deps.configs.setStatus(ws, plugin.id, number, { status: 'applied' })
  if (plugin.status !== 'ready') {
    if (plugin.pendingUpgrade?.configProblems?.length) {
      await deps.store.updatePlugin(ws, plugin.id, {
        pendingUpgrade: { ...plugin.pendingUpgrade, configProblems: [] },
      })
    }
    return
  }
  const modules = [...new Set(candidate.changes.map((change) => change.module))]
  let started: StartResult
  try {
    started = await applyToWorker(run, run.context(10, 100), modules)
    const failed = newlyFailed(plugin.modules, started.modules)
    if (failed.length > 0) {
      const named = failed.map((m) => `module ${m.id} failed to load: ${m.error}`).join('; ')
      throw new StepFailure('load', 'LOAD_FAILED', `${named} (configuration version ${number})`)
    }
  } catch (error) {
    // A cancelled version never took effect: it leaves the history like one cancelled before it ran.
    const status = run.signal.aborted ? 'discarded' : 'failed'
    await deps.configs.setStatus(ws, plugin.id, number, { status })
    const back = previous ? `; rolled back to version ${previous.version}` : '; rolled back'
    const failure = await redactedFailure(run, error, [candidate, previous], back)
    const rollback: { started?: StartResult } = {}
    await run.cleanup(async (ctx) => {
      rollback.started = await applyToWorker(run, ctx, modules)
    })
    if (rollback.started) {
      const reason = `configuration version ${number} failed: ${failure.message}`
      await run.transition('ready', 'ready', reason, running(rollback.started))
    } else {
      await run.markError('ready', failure)
    }
    throw failure
  }
  await run.transition('ready', 'ready', `configuration version ${number} applied`, running(started))
}

/**
 * A configure item that will never run (its task was cancelled while it waited, or the server
 * stopped mid-way): its version does not stay `pending` in the history.
 */
export async function abandonConfigure(
  deps: AppDeps,
  task: Task,
  item: TaskItem,
  status: 'failed' | 'discarded',
): Promise<void> {
  const version = item.params?.configVersion
  if (task.kind !== 'configure' || !version) return
  const stored = await deps.configs.get(task.workspaceId, item.pluginId, version)
  if (stored?.status === 'pending')
    await deps.configs.setStatus(task.workspaceId, item.pluginId, version, { status })
}
