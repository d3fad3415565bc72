import { describe, expect, test } from 'vitest'
import { makeItem, makeList, makeTask } from '#src/test/fixtures.ts'
import { mergeTaskIntoList } from './task-cache.ts'
import { TASK_POLL_MS, taskPollInterval } from './task-polling.ts'

describe('a task returned by a mutation goes into the newest page', () => {
  test('a new active task is prepended and restarts the polling', () => {
    const idle = makeList([makeTask('t1', [makeItem('a', 'success')])])
    expect(taskPollInterval(idle)).toBe(false)
    const next = mergeTaskIntoList(idle, makeTask('t2', [makeItem('b', 'pending')]))
    expect(next.items.map((task) => task.id)).toEqual(['t2', 't1'])
    expect(next.activeCount).toBe(1)
    expect(next.total).toBe(2)
    expect(taskPollInterval(next)).toBe(TASK_POLL_MS)
  })

  test('a known task is replaced in place and the active count follows it', () => {
    const list = makeList([makeTask('t1', [makeItem('a', 'running')])], 1)
    const next = mergeTaskIntoList(
      list,
      makeTask('t1', [makeItem('a', 'cancelled')], { status: 'cancelled' }),
    )
    expect(next.items).toHaveLength(1)
    expect(next.items[0]?.status).toBe('cancelled')
    expect(next.activeCount).toBe(0)
  })

  test('with no list cached yet, the task becomes the list', () => {
    const next = mergeTaskIntoList(undefined, makeTask('t1', [makeItem('a', 'pending')]))
    expect(next.items).toHaveLength(1)
    expect(next.activeCount).toBe(1)
  })
})
