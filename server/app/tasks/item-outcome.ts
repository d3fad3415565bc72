import type { TaskError } from '#core/api/task-schemas.ts'
import { firstLine, fullErrorText } from '#core/tasks/error-text.ts'
import { StepFailure, type TaskItemPatch } from '#server/app/ports.ts'

/** A compare-and-set that lost: someone else changed the plugin while the item ran. */
export class TransitionConflict extends Error {
  constructor(from: string, to: string) {
    super(`the plugin was no longer "${from}" when moving it to "${to}"`)
    this.name = 'TransitionConflict'
  }
}

/**
 * The full text of a failure (the plugin's lastError): its message line, then the detail (a detail
 * that already starts with the message is taken as it is).
 */
export function fullText(error: unknown): string {
  if (error instanceof StepFailure) return fullErrorText(error.message, error.detail)
  if (error instanceof Error) return error.message
  return String(error)
}

function taskError(error: unknown): TaskError {
  if (error instanceof StepFailure) {
    return {
      code: error.code,
      message: firstLine(error.message),
      detail: error.detail ? fullText(error) : null,
    }
  }
  if (error instanceof TransitionConflict) return { code: 'CONFLICT', message: error.message, detail: null }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message: firstLine(message) || 'unexpected error', detail: message }
}

/** How an item ends after its operation threw: cancelled when its signal aborted, failed otherwise. */
export function failedOutcome(error: unknown, signal: AbortSignal, at: Date): TaskItemPatch {
  const finishedAt = at.toISOString()
  if (signal.aborted) {
    const cancelled = { code: 'CANCELLED', message: 'cancelled; what it did was rolled back', detail: null }
    return { status: 'cancelled', message: 'cancelled', error: cancelled, finishedAt }
  }
  const failure = taskError(error)
  return { status: 'failed', message: failure.message, error: failure, finishedAt }
}
