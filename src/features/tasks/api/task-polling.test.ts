import { describe, expect, test } from 'vitest'
import { makeItem, makeList, makeTask } from '#src/test/fixtures.ts'
import { TASK_POLL_MS, taskPollInterval } from './task-polling.ts'

describe('taskPollInterval: poll every 5 s while anything is active, stop once all is terminal', () => {
  test.each([
    ['no data yet', undefined, false],
    ['an empty list', makeList([]), false],
    ['one pending item', makeList([makeTask('t1', [makeItem('a', 'pending')])]), TASK_POLL_MS],
    ['one running item', makeList([makeTask('t1', [makeItem('a', 'running')])]), TASK_POLL_MS],
    ['one succeeded item', makeList([makeTask('t1', [makeItem('a', 'success')])]), false],
    ['one failed item', makeList([makeTask('t1', [makeItem('a', 'failed')])]), false],
    ['one cancelled item', makeList([makeTask('t1', [makeItem('a', 'cancelled')])]), false],
    [
      'a bundle with one item done and one running',
      makeList([makeTask('t1', [makeItem('a', 'success'), makeItem('b', 'running')])]),
      TASK_POLL_MS,
    ],
    [
      'a bundle where one failed and one succeeded',
      makeList([makeTask('t1', [makeItem('a', 'success'), makeItem('b', 'failed')])]),
      false,
    ],
    [
      'an old finished task and a new running one',
      makeList([makeTask('t2', [makeItem('b', 'running')]), makeTask('t1', [makeItem('a', 'success')])]),
      TASK_POLL_MS,
    ],
    [
      'all terminal on this page but the server counts active work elsewhere',
      makeList([makeTask('t1', [makeItem('a', 'success')])], 1),
      TASK_POLL_MS,
    ],
    [
      'a task still marked running whose items are all terminal (stale status)',
      makeList([makeTask('t1', [makeItem('a', 'success')], { status: 'running' })]),
      TASK_POLL_MS,
    ],
    [
      'a task marked success with an item still running',
      makeList([makeTask('t1', [makeItem('a', 'running')], { status: 'success' })]),
      TASK_POLL_MS,
    ],
  ] as const)('%s → %s', (_name, list, expected) => {
    expect(taskPollInterval(list)).toBe(expected)
  })
})
