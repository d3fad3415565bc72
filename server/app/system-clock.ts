import type { Clock } from './ports.ts'

/**
 * The Clock over the platform's Date and setTimeout, looked up at call time so vitest's fake
 * timers drive it. Works in Node and in the browser.
 */
export function createSystemClock(): Clock {
  return {
    now: () => new Date(),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason)
        const onAbort = () => {
          clearTimeout(timer)
          reject(signal?.reason)
        }
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }, ms)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}
