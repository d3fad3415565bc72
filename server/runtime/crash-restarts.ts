import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { backoffDelay, type SupervisionSettings } from './runtime-options.ts'

/**
 * The crash bookkeeping of one plugin: counts crashes, schedules restarts with backoff, and forgets
 * the consecutive count once a worker has run `stableAfterMs` without crashing.
 */
export class CrashRestarts {
  private counts = { consecutive: 0, total: 0 }
  private lastCrash: string | null = null
  private nextRestartAt: Date | null = null
  private timers = { restart: null as NodeJS.Timeout | null, stable: null as NodeJS.Timeout | null }

  private readonly settings: SupervisionSettings
  private readonly random: (() => number) | undefined

  constructor(settings: SupervisionSettings, random?: () => number) {
    this.settings = settings
    this.random = random
  }

  get consecutive(): number {
    return this.counts.consecutive
  }

  /** The restart fields of the runtime info. */
  info(): Pick<RuntimeInfo, 'restarts' | 'lastCrash' | 'nextRestartAt'> {
    return {
      restarts: { ...this.counts },
      lastCrash: this.lastCrash,
      nextRestartAt: this.nextRestartAt?.toISOString() ?? null,
    }
  }

  /** An admin started the plugin: consecutive crashes count from zero again. */
  resetConsecutive(): void {
    this.counts.consecutive = 0
  }

  /** A worker loaded: running `stableAfterMs` without a crash resets the consecutive count. */
  loaded(): void {
    this.timers.stable = unref(setTimeout(() => (this.counts.consecutive = 0), this.settings.stableAfterMs))
  }

  /** Counts a crash; true when it is `maxConsecutiveCrashes` in a row and the plugin should give up. */
  record(reason: string): boolean {
    this.counts.consecutive++
    this.counts.total++
    this.lastCrash = `${new Date().toISOString()} ${reason}`
    return this.counts.consecutive >= this.settings.maxConsecutiveCrashes
  }

  /** Calls `restart` after the backoff for the current consecutive count. */
  schedule(restart: () => void): { delayMs: number; at: Date } {
    const delayMs = backoffDelay(this.counts.consecutive, this.settings, this.random)
    const at = new Date(Date.now() + delayMs)
    this.nextRestartAt = at
    this.timers.restart = unref(setTimeout(restart, delayMs))
    return { delayMs, at }
  }

  /** The scheduled restart is under way (its turn in the supervisor's queue came). */
  restarting(): void {
    this.nextRestartAt = null
    this.timers.restart = null
  }

  /** Cancels the scheduled restart and the stability timer. */
  cancel(): void {
    for (const key of ['restart', 'stable'] as const) {
      const timer = this.timers[key]
      if (timer) clearTimeout(timer)
      this.timers[key] = null
    }
    this.nextRestartAt = null
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref()
  return timer
}
