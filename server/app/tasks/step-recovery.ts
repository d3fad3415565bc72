import type { TaskKind } from '#core/api/task-schemas.ts'

/** What start-up recovery does with an item that was running when the server stopped. */
export type StepRecovery = 'resume' | 'interrupt'

/**
 * Which steps are idempotent, so that running the item's operation again from the start is safe.
 * Fetching, verifying and unpacking a package write only into the plugin's own staging place;
 * stopping a stopped worker and removing removed files succeed. Starting, loading and swapping
 * versions are not: their half-done effects cannot be told apart from done ones, so the item ends
 * `failed` with INTERRUPTED and the admin retries.
 */
export const STEP_RECOVERY: Readonly<Record<string, StepRecovery>> = {
  download: 'resume',
  verify: 'resume',
  extract: 'resume',
  stop: 'resume',
  remove: 'resume',
  discard: 'resume',
  start: 'interrupt',
  load: 'interrupt',
  swap: 'interrupt',
  rollback: 'interrupt',
}

/**
 * An item that never reported a step has done nothing yet and resumes. An unknown step is
 * treated as not idempotent: failing visibly beats repeating something twice.
 */
export function recoveryOf(step: string | null): StepRecovery {
  if (step === null) return 'resume'
  return STEP_RECOVERY[step] ?? 'interrupt'
}

/**
 * Task kinds whose interrupted item leaves the plugin's version or worker in doubt: the plugin
 * goes to `error` so that nothing claims to be running a version it may not be.
 */
export const ERROR_WHEN_INTERRUPTED: ReadonlySet<TaskKind> = new Set([
  'install',
  'upgrade',
  'approve',
  'reject',
])
