import { expect, test } from 'vitest'
import { API_REQUEST } from './handlers.ts'

test.each([
  ['http://localhost:5173/api/workspaces/default/tasks?page=1', true],
  ['http://127.0.0.1:4173/api/auth/me', true],
  ['http://localhost/api', true],
  ['http://localhost:5173/src/features/tasks/api/task-queries.ts', false],
  ['http://localhost:5173/src/features/marketplace/api/marketplace-queries.ts?t=1', false],
  ['http://localhost:5173/apiary', false],
])('the mock API answers %s: %s', (url, handled) => {
  expect(API_REQUEST.test(url)).toBe(handled)
})
