import type { Clock, HealthCheckRecord } from '#server/app/ports.ts'

const LOG_TAIL = 8_000
const CHECK_EVERY_MS = 30_000
const KEPT_CHECKS = 100

/** Log tails and health histories a simulated worker would have, for the plugin detail page. */
export function createSimulatedDiagnostics(clock: Clock) {
  const logs = new Map<string, string>()
  return {
    log(key: string, line: string): void {
      const text = `${logs.get(key) ?? ''}${clock.now().toISOString()} ${line}\n`
      logs.set(key, text.slice(-LOG_TAIL))
    },
    logs: (key: string): string | null => logs.get(key) ?? null,
    forget(key: string): void {
      logs.delete(key)
    },
    /** One healthy check every 30 s since the worker started, the last 100. */
    healthHistory(startedAt: string | null): HealthCheckRecord[] {
      if (!startedAt) return []
      const start = Date.parse(startedAt)
      const count = Math.floor((clock.now().getTime() - start) / CHECK_EVERY_MS)
      const first = Math.max(1, count - KEPT_CHECKS + 1)
      const checks: HealthCheckRecord[] = []
      for (let index = first; index <= count; index++) {
        const at = new Date(start + index * CHECK_EVERY_MS).toISOString()
        checks.push({ at, status: 'healthy', message: null, durationMs: 3 + (index % 5) })
      }
      return checks
    },
  }
}
