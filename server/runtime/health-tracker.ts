import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import type { HealthCheckRecord } from '#server/app/ports.ts'
import type { HealthSettings } from './runtime-options.ts'

export type { HealthCheckRecord }

/** What the supervisor should do after a check. */
export type HealthVerdict = 'restart' | 'recovered' | 'gave-up' | null

const troubled = new Set<HealthStatus>(['unhealthy', 'recovering', 'failed'])

/**
 * The health state of one plugin, fed one check at a time. `failureThreshold` failures in a row
 * (a timeout is a failure) make it unhealthy and ask for a restart, at most `maxRestartAttempts`
 * times, then it is `failed`; `successThreshold` successes in a row recover it and reset the attempts.
 */
export class HealthTracker {
  status: HealthStatus = 'unknown'
  attempts = 0
  private failures = 0
  private successes = 0
  private readonly records: HealthCheckRecord[] = []

  private readonly settings: HealthSettings

  constructor(settings: HealthSettings) {
    this.settings = settings
  }

  history(): HealthCheckRecord[] {
    return [...this.records]
  }

  /** A fresh worker loaded: counting starts over; a worker restarted for its health stays `recovering`. */
  started(initial: 'healthy' | 'degraded'): void {
    this.failures = 0
    this.successes = 0
    if (!troubled.has(this.status)) this.status = initial
  }

  /** An admin started the plugin: a clean slate. */
  reset(): void {
    this.status = 'unknown'
    this.attempts = 0
    this.failures = 0
    this.successes = 0
  }

  record(check: HealthCheckRecord): HealthVerdict {
    this.records.push(check)
    if (this.records.length > this.settings.historySize) this.records.shift()
    if (check.status !== 'unhealthy') {
      this.failures = 0
      this.successes++
      if (!troubled.has(this.status)) {
        this.status = check.status
        return null
      }
      if (this.successes < this.settings.successThreshold) return null
      this.status = check.status
      this.attempts = 0
      return 'recovered'
    }
    this.successes = 0
    this.failures++
    if (this.failures < this.settings.failureThreshold || this.status === 'failed') return null
    this.failures = 0
    if (this.attempts >= this.settings.maxRestartAttempts) {
      this.status = 'failed'
      return 'gave-up'
    }
    this.attempts++
    this.status = 'unhealthy'
    return 'restart'
  }
}
