import { expect, test } from 'vitest'
import { compareSemver } from './semver.ts'

test.each([
  ['1.0.0', '1.0.0', 0],
  ['1.0.0', '1.1.0', -1],
  ['2.0.0', '1.10.0', 1],
  ['1.0.10', '1.0.9', 1],
  ['1.0.0-rc.1', '1.0.0', -1],
  ['1.0.0-alpha', '1.0.0-beta', -1],
  ['1.0.0-rc.2', '1.0.0-rc.10', -1],
  ['1.0.0-alpha', '1.0.0-1', 1],
])('%s compared with %s is %i', (a, b, sign) => {
  expect(Math.sign(compareSemver(a, b))).toBe(sign)
})
