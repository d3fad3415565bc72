import { describe, expect, test } from 'vitest'
import type { HealthCheck } from '#core/api/plugin-schemas.ts'
import { chartSlots, MIN_SLOTS } from './health-chart.tsx'

const check = (durationMs: number): HealthCheck => ({
  at: '2026-11-22T00:00:00.000Z',
  status: 'healthy',
  durationMs,
  message: null,
})

describe('the health chart keeps its scale with few checks', () => {
  test.each([
    [1, MIN_SLOTS],
    [2, MIN_SLOTS],
    [MIN_SLOTS, MIN_SLOTS],
    [MIN_SLOTS + 5, MIN_SLOTS + 5],
  ])('%i checks fill %i slots, the checks last', (count, slots) => {
    const checks = Array.from({ length: count }, (_, index) => check(index + 1))
    const data = chartSlots(checks)
    expect(data).toHaveLength(slots)
    expect(data.slice(-count).map((slot) => slot.durationMs)).toEqual(checks.map((c) => c.durationMs))
    expect(data.slice(0, slots - count).every((slot) => slot.durationMs === null)).toBe(true)
  })
})
