import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { errorFields, type Logger } from '#server/node-http/logger.ts'
import type { RuntimeWiring } from './create-runtime.ts'

export interface StopParts {
  logger: Logger
  /** The whole stop, from the signal to the database closed (PLUGBOARD_SHUTDOWN_MS). */
  deadlineMs: number
  /** Stops accepting connections and background jobs (task retention). */
  closeIntake(): void
  runner: Pick<TaskRunner, 'drain' | 'interrupt'>
  runtime: Pick<RuntimeWiring, 'beginShutdown' | 'shutdown'>
  closeDb(): Promise<void>
}

/**
 * Stops the server within one deadline (docs/runtime.md):
 * 1. no new request, task item, worker start or supervisor restart;
 * 2. running steps get up to half the deadline to finish; those still running then end as start-up
 *    recovery would end them (resumed at the next start, or `failed` INTERRUPTED), never with the
 *    error the stop itself would cause;
 * 3. workers stop as a stop does (onDestroy, SIGTERM, SIGKILL), the last started first; whatever is
 *    still running shortly before the deadline is SIGKILLed, so that the database closes within it.
 * Resolves true when everything ended within the deadline.
 */
export async function stopServer(parts: StopParts): Promise<boolean> {
  const { logger, deadlineMs, runner, runtime } = parts
  const startedAt = performance.now()
  const elapsed = () => Math.round(performance.now() - startedAt)
  const killWorkers = new AbortController()
  // Kept for closing the database; the workers are killed when only this much is left.
  const closeReserveMs = Math.min(1_000, Math.round(deadlineMs / 10))
  const killTimer = setTimeout(() => killWorkers.abort(), deadlineMs - closeReserveMs)

  parts.closeIntake()
  runtime.beginShutdown()
  const drained = await within(runner.drain(), Math.round(deadlineMs / 2))
  if (!drained) {
    const report = await runner.interrupt().catch((error: unknown) => {
      logger.error('could not record the interrupted steps', errorFields(error))
      return null
    })
    logger.warn('steps still running at half the stop deadline were interrupted', {
      ...report,
      elapsedMs: elapsed(),
    })
  }
  const workersStopped = await within(
    runtime.shutdown(killWorkers.signal).catch((error: unknown) => {
      logger.error('stopping the runtime failed', errorFields(error))
    }),
    Math.max(0, deadlineMs - closeReserveMs - elapsed()) + closeReserveMs / 2,
  )
  clearTimeout(killTimer)
  if (killWorkers.signal.aborted) logger.warn('workers still running at the stop deadline were killed')
  const dbClosed = await within(
    parts.closeDb().catch((error: unknown) => {
      logger.error('closing the database failed', errorFields(error))
    }),
    Math.max(0, deadlineMs - elapsed()),
  )
  logger.info('stopped', { elapsedMs: elapsed(), deadlineMs })
  return workersStopped && dbClosed
}

/** Whether `work` settled within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  const result = await Promise.race([work.then(() => true as const), deadline])
  clearTimeout(timer)
  return result
}
