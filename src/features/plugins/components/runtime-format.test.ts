import { expect, test } from 'vitest'
import { formatDuration, formatMemory, restartCountdown } from './runtime-format.ts'

test.each([
  [0, '0 s'],
  [12_000, '12 s'],
  [125_000, '2 min 5 s'],
  [3 * 3_600_000 + 4 * 60_000, '3 h 4 min'],
  [50 * 3_600_000, '2 d 2 h'],
])('formatDuration(%i) → %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text)
})

test('memory in MB; the restart countdown counts down, then says now', () => {
  expect(formatMemory(42 * 1024 * 1024)).toBe('42.0 MB')
  const at = Date.parse('2026-11-22T00:00:12.000Z')
  expect(restartCountdown('2026-11-22T00:00:12.000Z', at - 12_000)).toBe('restarting in 12 s')
  expect(restartCountdown('2026-11-22T00:00:12.000Z', at + 1_000)).toBe('restarting now')
})
