import type { StartResult } from '#server/app/ports.ts'
import { stoppedModules } from '#server/app/services/package-fields.ts'
import type { OperationRun } from '../operation-run.ts'
import { ensureFilesHere } from './files-here.ts'

const running = (started: StartResult) => ({
  modules: started.modules,
  health: started.health,
  lastError: null,
})
const stopped = (run: OperationRun) => ({
  modules: stoppedModules(run.plugin.modules),
  health: 'unknown' as const,
})

/** Stops the worker; a failed stop (not a cancelled one) leaves the plugin in `error`. */
async function stopWorker(run: OperationRun, from: number, to: number): Promise<void> {
  try {
    await run.deps.runtime.stop(run.context(from, to))
  } catch (error) {
    if (!run.signal.aborted) await run.markError(run.plugin.status, error)
    throw error
  }
}

/** After a cancel, a worker that ran before the task runs again; if it cannot, the plugin is `error`. */
async function restoreIfWasRunning(run: OperationRun, cause: unknown): Promise<void> {
  if (run.plugin.status !== 'ready') return
  const started = await run.restoreWorker()
  if (started) await run.deps.store.updatePlugin(run.task.workspaceId, run.plugin.id, running(started))
  else await run.markError('ready', cause)
}

/** enable (disabled | error → ready): start the worker. */
export async function runEnable(run: OperationRun): Promise<void> {
  let started: StartResult
  try {
    await ensureFilesHere(run, 0, 20)
    started = await run.deps.runtime.start(run.context(20, 100))
  } catch (error) {
    if (run.signal.aborted) await run.cleanup((ctx) => run.deps.runtime.stop(ctx))
    else await run.markError(run.plugin.status, error)
    throw error
  }
  await run.transition(run.plugin.status, 'ready', 'enabled', running(started))
}

/** disable (ready | error → disabled): stop the worker. */
export async function runDisable(run: OperationRun): Promise<void> {
  await stopWorker(run, 0, 100)
  await run.transition(run.plugin.status, 'disabled', 'disabled', stopped(run))
}

/** restart (ready → ready): stop, start. A cancelled restart leaves the worker running as before. */
export async function runRestart(run: OperationRun): Promise<void> {
  await stopWorker(run, 0, 40)
  let started: StartResult
  try {
    await ensureFilesHere(run, 40, 50)
    started = await run.deps.runtime.start(run.context(50, 100))
  } catch (error) {
    if (run.signal.aborted) await restoreIfWasRunning(run, error)
    else await run.markError('ready', error)
    throw error
  }
  await run.transition('ready', 'ready', 'restarted', running(started))
}

/**
 * failover (ready → ready), cluster mode: the node that ran the worker was lost or is draining, so
 * there is no worker to stop here; this node unpacks the plugin's package (it may never have run
 * it: plugin files stay on each node) and starts one. If it cannot, the plugin is `error` with the
 * reason.
 */
export async function runFailover(run: OperationRun): Promise<void> {
  let started: StartResult
  try {
    await ensureFilesHere(run, 0, 30)
    started = await run.deps.runtime.start(run.context(30, 100))
  } catch (error) {
    if (run.signal.aborted) await run.cleanup((ctx) => run.deps.runtime.stop(ctx))
    else await run.markError('ready', error)
    throw error
  }
  await run.transition('ready', 'ready', 'moved to a live node', running(started))
}

/**
 * uninstall: stop, remove; soft keeps the row as `uninstalled` (data kept), purge deletes it. A purge
 * of a soft-uninstalled plugin is the same task: `uninstalled → uninstalled`, then the row goes.
 */
export async function runUninstall(run: OperationRun): Promise<void> {
  const purge = run.item.params?.purge ?? false
  const from = run.plugin.status
  await stopWorker(run, 0, 40)
  try {
    await run.deps.runtime.remove(run.context(40, 100), { purge })
  } catch (error) {
    if (run.signal.aborted) await restoreIfWasRunning(run, error)
    else await run.markError(from, error, stopped(run))
    throw error
  }
  const reason =
    from === 'uninstalled'
      ? 'purged (data deleted)'
      : purge
        ? 'uninstalled and purged (data deleted)'
        : 'uninstalled (data kept)'
  await run.transition(from, 'uninstalled', reason, {
    ...stopped(run),
    pendingUpgrade: null,
    lastError: null,
  })
  if (purge) {
    await run.deps.configs.removeAll(run.task.workspaceId, run.plugin.id)
    await run.deps.store.deletePlugin(run.task.workspaceId, run.plugin.id)
  }
}
