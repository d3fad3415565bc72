/** Deadlines of one worker; a manifest's `timeouts` override the defaults within the limits. */
export interface WorkerTimeouts {
  /** The whole load (import + every module's onLoad). */
  loadMs: number
  /** One call (a tool, a health check without its own deadline). */
  callMs: number
  /** Every module's onDestroy together. */
  destroyMs: number
  /** Between SIGTERM and SIGKILL. */
  killGraceMs: number
}

export interface HealthSettings {
  intervalMs: number
  timeoutMs: number
  failureThreshold: number
  successThreshold: number
  /** Restarts an unhealthy plugin gets before it is left `failed` (reset on recovery). */
  maxRestartAttempts: number
  /** First delay before a health restart; doubles with each attempt. */
  restartBackoffMs: number
  /** Checks kept per plugin (for the health chart). */
  historySize: number
}

export interface SupervisionSettings {
  backoffInitialMs: number
  backoffMaxMs: number
  /** ± this fraction of the delay, at random. */
  backoffJitter: number
  /** Running this long without a crash resets the consecutive crash counter. */
  stableAfterMs: number
  /** Consecutive crashes after which the plugin goes `error` and is not restarted. */
  maxConsecutiveCrashes: number
}

export const DEFAULT_TIMEOUTS: WorkerTimeouts = {
  loadMs: 30_000,
  callMs: 60_000,
  destroyMs: 60_000,
  killGraceMs: 5_000,
}

export const DEFAULT_HEALTH: HealthSettings = {
  intervalMs: 30_000,
  timeoutMs: 5_000,
  failureThreshold: 3,
  successThreshold: 1,
  maxRestartAttempts: 3,
  restartBackoffMs: 1_000,
  historySize: 100,
}

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  backoffInitialMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  backoffJitter: 0.25,
  stableAfterMs: 10 * 60_000,
  maxConsecutiveCrashes: 5,
}

/** Characters of a plugin's output kept in memory and attached to every failure. */
export const LOG_TAIL_CHARS = 8_000

/** initial × 2^(attempt-1) for restart number `attempt` (1-based): the doubling both backoffs share. */
function doubledDelay(initialMs: number, attempt: number): number {
  return initialMs * 2 ** Math.max(0, attempt - 1)
}

/**
 * Delay before crash restart number `attempt` (1-based): doubled, capped, then ± jitter.
 * `random` is injectable so tests can pin it.
 */
export function backoffDelay(attempt: number, settings: SupervisionSettings, random = Math.random): number {
  const base = Math.min(doubledDelay(settings.backoffInitialMs, attempt), settings.backoffMaxMs)
  const jitter = 1 + settings.backoffJitter * (2 * random() - 1)
  return Math.max(0, Math.round(base * jitter))
}

/** Delay before health restart number `attempt` (1-based): doubled, without cap or jitter (at most 3 attempts). */
export function healthRestartDelay(attempt: number, settings: HealthSettings): number {
  return doubledDelay(settings.restartBackoffMs, attempt)
}
