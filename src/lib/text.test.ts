import { expect, test } from 'vitest'
import { groupDigits } from './text.ts'

test.each([0, 7, 999, 1_000, 12_345, 100_000, 1_234_567, -4_200])(
  'groupDigits(%d) writes it as en-US does',
  (value) => {
    expect(groupDigits(value)).toBe(value.toLocaleString('en-US'))
  },
)
