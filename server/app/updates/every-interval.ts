import type { Clock } from '#server/app/ports.ts'

/**
 * The schedule of the background update jobs: a round now, then one every `intervalMs` on the
 * deps' Clock (a test clock moves it), until `signal` aborts. A round reports its own failures.
 */
export async function everyInterval(
  clock: Clock,
  intervalMs: number,
  signal: AbortSignal,
  round: () => Promise<void>,
): Promise<void> {
  while (!signal.aborted) {
    await round()
    try {
      await clock.sleep(intervalMs, signal)
    } catch {
      return
    }
  }
}
