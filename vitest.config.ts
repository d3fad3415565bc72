import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { settleTimeFactor } from './tests/support/settle-time-factor.ts'

// Deadlines are written for an idle machine and stretched by the test time factor
// (tests/support/time-factor.ts), settled here once for every worker.
const factor = settleTimeFactor()

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'core/**/*.test.ts',
            'server/**/*.test.ts',
            'mocks/**/*.test.ts',
            'tests/api/**/*.test.ts',
            'tests/cluster/**/*.test.ts',
            'tests/cli/**/*.test.ts',
          ],
          testTimeout: 20_000 * factor,
          // Hooks start servers and run PGlite's initdb, which take seconds on a busy machine.
          hookTimeout: 60_000 * factor,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          setupFiles: ['src/test/setup.ts'],
          testTimeout: 5_000 * factor,
          hookTimeout: 10_000 * factor,
        },
      },
    ],
  },
})
