import type { HealthTracker } from './health-tracker.ts'
import type { PluginLog } from './plugin-log.ts'
import { type HealthSettings, healthRestartDelay } from './runtime-options.ts'
import type { WorkerProcess } from './worker-process.ts'

export type HealthRestartEvent = { type: 'health-restart'; attempt: number; delayMs: number }

/** What the monitor needs from the supervisor that owns the worker. */
export interface HealthMonitorHost {
  settings: HealthSettings
  tracker: HealthTracker
  log: PluginLog
  /** False once the worker was stopped or crashed: that path owns the state then. */
  isCurrent(worker: WorkerProcess): boolean
  /** A module failed to load: a healthy answer then counts as degraded. */
  hasStoppedModules(): boolean
  emitHealth(): void
  onEvent(event: HealthRestartEvent): void
  /** Restarts the worker for its health, once the backoff delay has passed. */
  restart(worker: WorkerProcess): void
}

type HealthAnswer = { status: 'healthy' | 'degraded' | 'unhealthy'; message: string | null }

/**
 * The health-check loop of one worker: asks it every `intervalMs`, feeds the answers to the tracker
 * and, when the tracker asks for a restart, schedules one with exponential backoff.
 */
export class HealthMonitor {
  private timers = { check: null as NodeJS.Timeout | null, restart: null as NodeJS.Timeout | null }

  private readonly host: HealthMonitorHost

  constructor(host: HealthMonitorHost) {
    this.host = host
  }

  /** Starts checking a freshly loaded worker. */
  watch(worker: WorkerProcess): void {
    this.timers.check = unref(setTimeout(() => void this.check(worker), this.host.settings.intervalMs))
  }

  /** Cancels the next check and any scheduled health restart. */
  cancel(): void {
    for (const key of ['check', 'restart'] as const) {
      const timer = this.timers[key]
      if (timer) clearTimeout(timer)
      this.timers[key] = null
    }
  }

  private async check(worker: WorkerProcess): Promise<void> {
    const { settings, tracker, log } = this.host
    const started = Date.now()
    const answer = await worker
      .request<HealthAnswer>('health', {}, settings.timeoutMs)
      .catch((error: Error): HealthAnswer => ({ status: 'unhealthy', message: error.message }))
    if (!this.host.isCurrent(worker)) return
    const degraded = this.host.hasStoppedModules()
    const status = answer.status === 'healthy' && degraded ? 'degraded' : answer.status
    const before = tracker.status
    const verdict = tracker.record({
      at: new Date(started).toISOString(),
      status,
      message: answer.message,
      durationMs: Date.now() - started,
    })
    if (tracker.status !== before) this.host.emitHealth()
    if (verdict === 'restart') {
      const attempt = tracker.attempts
      const delayMs = healthRestartDelay(attempt, settings)
      log.note(
        `unhealthy after ${settings.failureThreshold} failed checks: restart ${attempt} in ${delayMs} ms`,
      )
      this.host.onEvent({ type: 'health-restart', attempt, delayMs })
      this.timers.restart = unref(
        setTimeout(() => {
          this.timers.restart = null
          this.host.restart(worker)
        }, delayMs),
      )
      return
    }
    if (verdict === 'gave-up') log.note('still unhealthy after every restart attempt: health failed')
    this.watch(worker)
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref()
  return timer
}
