import { describe, expect, test } from 'vitest'
import type { PluginDetail, RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { makePlugin } from '#src/test/fixtures.ts'
import { DETAIL_POLL_MS, detailPollInterval } from './detail-polling.ts'

const running: RuntimeInfo = {
  pid: 4242,
  startedAt: '2026-11-22T00:00:00.000Z',
  memoryRss: 40_000_000,
  restarts: { consecutive: 0, total: 0 },
  lastCrash: null,
  nextRestartAt: null,
  pendingCalls: 0,
}
const detail = (overrides: Partial<PluginDetail> = {}): PluginDetail => ({
  ...makePlugin(),
  runtime: running,
  ...overrides,
})

describe('detailPollInterval: poll every 5 s only while the plugin is in a transient state', () => {
  test.each([
    ['no data yet', undefined, false],
    ['ready and healthy', detail(), false],
    ['disabled, no worker', detail({ status: 'disabled', health: 'unknown', runtime: null }), false],
    ['in error after 5 crashes, nothing scheduled', detail({ status: 'error', health: 'failed' }), false],
    ['degraded but stable', detail({ health: 'degraded' }), false],
    ['unhealthy with nothing scheduled yet', detail({ health: 'unhealthy' }), false],
    ['a task running on it', detail({ activeTaskId: 'task-1' }), DETAIL_POLL_MS],
    [
      'crashed, restart scheduled',
      detail({
        health: 'failed',
        runtime: { ...running, pid: null, nextRestartAt: '2026-11-22T00:00:12.000Z' },
      }),
      DETAIL_POLL_MS,
    ],
    ['health recovering', detail({ health: 'recovering' }), DETAIL_POLL_MS],
    ['an upgrade waiting for approval (an admin must act)', detail({ status: 'upgrade_pending' }), false],
  ] as const)('%s → %s', (_name, plugin, expected) => {
    expect(detailPollInterval(plugin)).toBe(expected)
  })
})
