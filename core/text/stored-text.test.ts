import { expect, test } from 'vitest'
import { MAX_JSON_DEPTH, printable, storedTextProblem, storedTextProblems } from './stored-text.ts'

test('NUL and unpaired surrogates cannot be stored; pairs, controls and any script can', () => {
  expect(storedTextProblem('a\0b')).toBe('must not contain NUL characters')
  expect(storedTextProblem('lone \ud800')).toBe('must not contain unpaired UTF-16 surrogates')
  expect(storedTextProblem('\udc00 trailing half')).toBe('must not contain unpaired UTF-16 surrogates')
  for (const fine of ['plugs 🔌', 'café', '日本語', 'tab\tand\nnewline', '']) {
    expect(storedTextProblem(fine), fine).toBeNull()
  }
})

test('every string of a JSON value is checked, field names included, each at its path', () => {
  const value = { name: 'ok', items: [{ id: 'x\0' }, 'fine', '\ud800'], 'k\0ey': 1 }
  expect(storedTextProblems(value)).toEqual([
    'items.0.id: must not contain NUL characters',
    'items.2: must not contain unpaired UTF-16 surrogates',
    'k\uFFFDey: the field name must not contain NUL characters',
  ])
  expect(storedTextProblems('\0')).toEqual(['(root): must not contain NUL characters'])
  expect(storedTextProblems({ a: 1, b: [true, null] })).toEqual([])
})

test('nesting deeper than any request needs is refused without walking it all', () => {
  let deep: unknown = 'leaf'
  for (let i = 0; i < 10_000; i++) deep = [deep]
  const [problem, ...rest] = storedTextProblems(deep)
  expect(problem).toMatch(new RegExp(`nested more than ${MAX_JSON_DEPTH} levels deep$`))
  expect(rest).toEqual([])
})

test('printable quotes bad text back without its unstorable characters', () => {
  expect(printable('a\0b\ud800c')).toBe('a\uFFFDb\uFFFDc')
})
