import { availableParallelism, loadavg } from 'node:os'
import { configuredTimeFactor, TIME_FACTOR_VARIABLE } from './time-factor.ts'

/**
 * Called by the Vitest configs before any worker starts. When PLUGBOARD_TEST_TIME_FACTOR is unset it
 * picks the factor and writes it to the environment, which workers and the servers they start inherit:
 * 3 under CI (shared, unknown hardware), otherwise from the one-minute load average per core when the
 * run starts (idle: 1; half busy: 2; fully busy: 3; overloaded: 4).
 */
export function settleTimeFactor(env: NodeJS.ProcessEnv = process.env): number {
  const configured = configuredTimeFactor(env)
  if (configured !== undefined) return configured
  const busy = (loadavg()[0] ?? 0) / availableParallelism()
  const fromLoad = Math.min(4, Math.max(1, Math.round(1 + 2 * busy)))
  const factor = Math.max(env.CI === 'true' ? 3 : 1, fromLoad)
  env[TIME_FACTOR_VARIABLE] = String(factor)
  if (factor > 1) {
    console.info(
      `test deadlines ×${factor} (load ${busy.toFixed(2)} per core; ${TIME_FACTOR_VARIABLE} sets it)`,
    )
  }
  return factor
}
