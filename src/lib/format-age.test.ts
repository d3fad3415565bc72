import { describe, expect, test } from 'vitest'
import { formatAge } from './format-age.ts'

describe('formatAge', () => {
  test.each([
    [0, '0 s ago'],
    [-50, '0 s ago'],
    [12_400, '12 s ago'],
    [119_999, '119 s ago'],
    [120_000, '2 min ago'],
    [7_200_000, '2 h ago'],
    [3 * 86_400_000, '3 d ago'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text)
  })
})
