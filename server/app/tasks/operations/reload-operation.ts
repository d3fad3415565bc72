import { firstLine } from '#core/tasks/error-text.ts'
import { StepFailure } from '#server/app/ports.ts'
import { fullText } from '../item-outcome.ts'
import type { OperationRun } from '../operation-run.ts'

/** The steps a runtime names when the folder's files could not be taken: the worker runs on untouched. */
const UNTOUCHED_STEPS = new Set(['copy', 'verify'])

/**
 * reload (ready → ready, dev mode): the runtime takes the folder's files as a new version and moves
 * the worker to it with its state. Every reload is in the plugin's timeline, a failed one too: new
 * code that does not load leaves the last good version running (the item fails with the error);
 * only when no version runs any more is the plugin `error`.
 */
export async function runReload(run: OperationRun): Promise<void> {
  const { deps } = run
  if (!deps.runtime.reload)
    throw new StepFailure('reload', 'STEP_FAILED', 'this runtime cannot reload plugins')
  const began = deps.clock.now().getTime()
  let result: Awaited<ReturnType<NonNullable<typeof deps.runtime.reload>>>
  try {
    result = await deps.runtime.reload(run.context(0, 100))
  } catch (error) {
    if (error instanceof StepFailure && UNTOUCHED_STEPS.has(error.step)) {
      await run.transition(
        'ready',
        'ready',
        `reload failed, the running code is kept: ${firstLine(fullText(error))}`,
      )
    } else await run.markError('ready', error)
    throw error
  }
  // The author may change the manifest's version while developing: the row follows what runs.
  const modules = { modules: result.started.modules, health: result.started.health, version: result.version }
  if (result.failure) {
    const why = firstLine(fullText(result.failure))
    await run.transition('ready', 'ready', `reload failed, the last good version runs again: ${why}`, modules)
    throw result.failure
  }
  const ms = deps.clock.now().getTime() - began
  const without = result.stateLost ? ` without its state (${result.stateLost})` : ''
  await run.transition('ready', 'ready', `reloaded from its folder in ${ms} ms${without}`, {
    ...modules,
    lastError: null,
  })
}
