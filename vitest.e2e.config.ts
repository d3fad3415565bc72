import { defineConfig } from 'vitest/config'
import { settleTimeFactor } from './tests/support/settle-time-factor.ts'

// Deadlines are written for an idle machine and stretched by the test time factor
// (tests/support/time-factor.ts), settled here once for every worker.
const factor = settleTimeFactor()

// End-to-end tests drive Debian's Chromium through playwright-core against built apps.
// Files run one at a time: two browsers and servers at once are too much for 2 cores.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000 * factor,
    hookTimeout: 120_000 * factor,
  },
})
