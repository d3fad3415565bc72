import { expect, test } from 'vitest'
import { compareVersions } from './semver.ts'

test.each([
  ['1.0.0', '1.0.0', 0],
  ['1.1.0', '1.0.0', 1],
  ['1.0.0', '2.0.0', -1],
  ['1.10.0', '1.9.0', 1],
  ['1.0.0-beta', '1.0.0', -1],
  ['1.0.0-alpha', '1.0.0-beta', -1],
])('compareVersions(%s, %s) has the sign of %i', (a, b, sign) => {
  expect(Math.sign(compareVersions(a, b))).toBe(sign)
})
