import { scaled } from './time-factor.ts'

export interface WaitOptions {
  /** The deadline on an idle machine; the test time factor stretches it. */
  withinMs?: number
  /** How often to read again. */
  everyMs?: number
}

/**
 * Reads until `done` holds and returns that value. For when no event announces the change: the
 * deadline is scaled by the test time factor, and a timeout says what was last read.
 */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  { withinMs = 5_000, everyMs = 20 }: WaitOptions = {},
): Promise<T> {
  const limit = scaled(withinMs)
  const deadline = Date.now() + limit
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) {
      const last = JSON.stringify(value)?.slice(0, 2000)
      throw new Error(`condition not met within ${limit} ms; last value: ${last}`)
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
