// The one test time factor: every deadline a test waits against (Vitest's test and hook timeouts,
// server start, PGlite initdb, runtime load/call/destroy deadlines, polling helpers, browser waits) is
// written for an idle machine and multiplied by this number. Periods and windows the product itself
// defines (a 5 s poll interval, "no request for 30 s") are not deadlines and are not scaled.
//
// PLUGBOARD_TEST_TIME_FACTOR sets it (any number above 0). When it is unset, the Vitest configs pick
// one before any worker starts (tests/support/settle-time-factor.ts) and put it in the environment,
// so every worker and every child process agrees on it. No Node import here: the DOM tests read it too.

export const TIME_FACTOR_VARIABLE = 'PLUGBOARD_TEST_TIME_FACTOR'

type Environment = Record<string, string | undefined>

const environment = (): Environment => (globalThis as { process?: { env?: Environment } }).process?.env ?? {}

/** The factor as the environment sets it, or undefined when it is unset or not a number above 0. */
export function configuredTimeFactor(env: Environment = environment()): number | undefined {
  const raw = env[TIME_FACTOR_VARIABLE]?.trim()
  const factor = raw ? Number(raw) : Number.NaN
  return Number.isFinite(factor) && factor > 0 ? factor : undefined
}

/** The multiplier for every test deadline (1 when nothing set one). */
export function timeFactor(): number {
  return configuredTimeFactor() ?? 1
}

/** A deadline written for an idle machine, stretched by the test time factor (whole milliseconds). */
export function scaled(ms: number): number {
  return Math.ceil(ms * timeFactor())
}
