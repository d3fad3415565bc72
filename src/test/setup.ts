import '@testing-library/jest-dom/vitest'
import { notifyManager } from '@tanstack/react-query'
import { cleanup, configure } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'

// findBy* and waitFor give up after 5 s (the first render of a lazy route with the mock API can take
// seconds), stretched by the test time factor.
configure({ asyncUtilTimeout: scaled(5_000) })

// Query notifications on a microtask instead of setTimeout(0), so fake timers do not hold them back.
notifyManager.setScheduler(queueMicrotask)

// jsdom lacks what Radix's popper and the virtualizer measure with.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList
}
Element.prototype.scrollIntoView ??= () => {}
Element.prototype.hasPointerCapture ??= () => false
Element.prototype.releasePointerCapture ??= () => {}

// A console.error or console.warn during a test (React and React Router warnings, act() misuse)
// fails that test.
let consoleCalls: string[] = []
beforeEach(() => {
  consoleCalls = []
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(`console.${level}: ${args.map(String).join(' ')}`)
    })
  }
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  localStorage.clear()
  if (consoleCalls.length > 0) {
    throw new Error(`the console was written to during the test:\n${consoleCalls.join('\n')}`)
  }
})
