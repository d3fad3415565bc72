import { describe, expect, test } from 'vitest'
import {
  countItems,
  deriveTaskStatus,
  isActive,
  isTerminal,
  TASK_STATUSES,
  type TaskStatus,
} from './task-status.ts'

describe('task statuses', () => {
  test.each([
    ['pending', false],
    ['running', false],
    ['success', true],
    ['failed', true],
    ['cancelled', true],
  ] as const)('%s is terminal: %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal)
    expect(isActive(status)).toBe(!terminal)
  })

  test('every status is listed exactly once in the table above', () => {
    expect(TASK_STATUSES).toHaveLength(5)
  })
})

const items = (...statuses: TaskStatus[]) => statuses.map((status) => ({ status }))

describe('a task status follows from its items', () => {
  test.each([
    { items: items('pending'), cancelled: false, expected: 'pending' },
    { items: items('pending', 'pending'), cancelled: false, expected: 'pending' },
    { items: items('running', 'pending'), cancelled: false, expected: 'running' },
    { items: items('success', 'pending'), cancelled: false, expected: 'running' },
    { items: items('failed', 'running'), cancelled: false, expected: 'running' },
    { items: items('success'), cancelled: false, expected: 'success' },
    { items: items('success', 'success'), cancelled: false, expected: 'success' },
    { items: items('success', 'failed'), cancelled: false, expected: 'failed' },
    { items: items('failed', 'failed'), cancelled: false, expected: 'failed' },
    { items: items('cancelled'), cancelled: true, expected: 'cancelled' },
    { items: items('success', 'cancelled'), cancelled: true, expected: 'cancelled' },
    { items: items('success', 'success'), cancelled: true, expected: 'success' },
    { items: items('cancelled', 'running'), cancelled: true, expected: 'running' },
  ] as const)(
    '$items.length items → $expected (cancel requested: $cancelled)',
    ({ items, cancelled, expected }) => {
      expect(deriveTaskStatus(items, cancelled)).toBe(expected)
    },
  )

  test('counts succeeded, failed and cancelled items', () => {
    expect(countItems(items('success', 'failed', 'failed', 'cancelled', 'running'))).toEqual({
      succeeded: 1,
      failed: 2,
      cancelled: 1,
      total: 5,
    })
  })
})
