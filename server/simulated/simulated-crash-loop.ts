import type { ModuleState } from '#core/api/plugin-schemas.ts'
import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import type { Clock, SupervisionReports } from '#server/app/ports.ts'
import type { CrashLoopScript } from './simulated-steps.ts'

/** What a simulated worker's supervisor counts and shows in the plugin's runtime diagnostics. */
export interface SimulatedRestarts {
  consecutive: number
  total: number
  lastCrash: string | null
  nextRestartAt: string | null
}

interface CrashLoopHost {
  clock: Clock
  workspaceId: string
  pluginId: string
  modules: ModuleState[]
  restarts: SimulatedRestarts
  reports: SupervisionReports | null
  /** Writes a line to the worker's log (and tells the live console). */
  note(line: string): void
  /** The worker went down (crash) or came back (restart); returns the new pid. */
  setRunning(running: boolean): number | null
  logTail(): string
}

const DEFAULT_BACKOFF_MS = 1_000

/**
 * Plays the real supervisor's crash loop on the clock: crash, restart scheduled with backoff,
 * restarted, … until too many crashes in a row make it give up and report the plugin failed.
 * Resolves when it gave up or `signal` aborted (the worker was stopped on purpose).
 */
export async function runCrashLoop(host: CrashLoopHost, script: CrashLoopScript, signal: AbortSignal) {
  const { clock, workspaceId, pluginId, restarts } = host
  const at = () => clock.now().toISOString()
  const state = async (health: HealthStatus, status: ModuleState['status']) => {
    const modules = host.modules.map((m) => ({ ...m, status, error: null }))
    host.reports?.event(workspaceId, pluginId, { kind: 'health', at: at(), status: health })
    await host.reports?.state(workspaceId, pluginId, { health, modules })
  }
  try {
    for (;;) {
      await clock.sleep(script.crashAfterMs, signal)
      const reason = 'the worker exited unexpectedly (exit code 1)'
      host.setRunning(false)
      restarts.consecutive++
      restarts.total++
      restarts.lastCrash = reason
      host.note(`[host] ${reason}`)
      host.reports?.event(workspaceId, pluginId, { kind: 'crash', at: at(), message: reason })
      if (restarts.consecutive >= script.maxCrashes) {
        const summary = `crashed ${restarts.consecutive} times in a row; last: ${reason}`
        host.note(`[host] giving up: ${summary}`)
        host.reports?.event(workspaceId, pluginId, { kind: 'failed', at: at(), message: summary })
        await state('failed', 'stopped')
        await host.reports?.failed(workspaceId, pluginId, `${summary}\n\n${host.logTail()}`)
        return
      }
      const delayMs = (script.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (restarts.consecutive - 1)
      restarts.nextRestartAt = new Date(clock.now().getTime() + delayMs).toISOString()
      host.reports?.event(workspaceId, pluginId, {
        kind: 'restart-scheduled',
        at: at(),
        attempt: restarts.consecutive,
        restartAt: restarts.nextRestartAt,
      })
      await state('recovering', 'stopped')
      await clock.sleep(delayMs, signal)
      restarts.nextRestartAt = null
      const pid = host.setRunning(true)
      host.note(`[host] worker pid ${pid} restarted (attempt ${restarts.consecutive})`)
      host.reports?.event(workspaceId, pluginId, { kind: 'restarted', at: at() })
      await state('healthy', 'running')
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
}
