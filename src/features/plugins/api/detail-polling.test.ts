import { describe, expect, test } from 'vitest'
import type { PluginDetail, RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { makePlugin } from '#src/test/fixtures.ts'
import { DETAIL_POLL_MS, detailPollInterval, WATCH_POLL_MS } from './detail-polling.ts'

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
  pinned: false,
  ...overrides,
})

describe('detailPollInterval: 5 s while transient, 30 s while a worker runs, never when nothing can change', () => {
  test.each([
    ['no data yet', undefined, false],
    ['ready and healthy, its worker running', detail(), WATCH_POLL_MS],
    [
      'ready, running again after a crash (not yet stable)',
      detail({ runtime: { ...running, restarts: { consecutive: 2, total: 2 } } }),
      DETAIL_POLL_MS,
    ],
    ['ready, its worker gone and nothing scheduled', detail({ runtime: { ...running, pid: null } }), false],
    ['disabled, no worker', detail({ status: 'disabled', health: 'unknown', runtime: null }), false],
    [
      'in error after 5 crashes, nothing scheduled',
      detail({
        status: 'error',
        health: 'failed',
        runtime: { ...running, pid: null, restarts: { consecutive: 5, total: 5 } },
      }),
      false,
    ],
    ['degraded but stable', detail({ health: 'degraded' }), WATCH_POLL_MS],
    ['unhealthy with nothing scheduled yet', detail({ health: 'unhealthy' }), WATCH_POLL_MS],
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
    [
      'an upgrade waiting for approval (an admin must act)',
      detail({ status: 'upgrade_pending', runtime: null }),
      false,
    ],
  ] as const)('%s → %s', (_name, plugin, expected) => {
    expect(detailPollInterval(plugin)).toBe(expected)
  })
})
