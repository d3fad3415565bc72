import { expect, test } from 'vitest'
import { firstLine, fullErrorText } from './error-text.ts'

test.each([
  ['one line', 'one line'],
  ['first\nsecond', 'first'],
  ['first\r\nsecond', 'first'],
  ['', ''],
  [null, ''],
])('firstLine(%j) is %j', (text, expected) => {
  expect(firstLine(text)).toBe(expected)
})

test.each([
  ['it broke', null, 'it broke'],
  ['it broke', '', 'it broke'],
  ['it broke', 'it broke\n  at load (index.mjs:3)', 'it broke\n  at load (index.mjs:3)'],
  ['it broke', '  at load (index.mjs:3)', 'it broke\n  at load (index.mjs:3)'],
])('fullErrorText(%j, %j) is %j', (message, detail, expected) => {
  expect(fullErrorText(message, detail)).toBe(expected)
})
