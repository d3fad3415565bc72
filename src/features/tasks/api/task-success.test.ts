import { describe, expect, test } from 'vitest'
import type { TaskList } from '#core/api/task-schemas.ts'
import { makeItem, makeList, makeTask } from '#src/test/fixtures.ts'
import { newlySucceededItems } from './task-success.ts'

const running = (id: string) => makeItem(id, 'running')
const success = (id: string) => makeItem(id, 'success')
const failed = (id: string) => makeItem(id, 'failed')
const one = (...items: ReturnType<typeof makeItem>[]) => makeList([makeTask('t1', items)])

describe('newlySucceededItems: diff by item between two snapshots', () => {
  test.each<[string, TaskList | undefined, TaskList | undefined, string[]]>([
    ['first load: items already succeeded are not new', undefined, one(success('a')), []],
    ['no next snapshot', one(running('a')), undefined, []],
    ['running → success', one(running('a')), one(success('a')), ['a']],
    [
      'pending → success (skipped running between polls)',
      one(makeItem('a', 'pending')),
      one(success('a')),
      ['a'],
    ],
    ['success → success is not new', one(success('a')), one(success('a')), []],
    ['running → failed', one(running('a')), one(failed('a')), []],
    ['running → cancelled', one(running('a')), one(makeItem('a', 'cancelled')), []],
    ['still running', one(running('a')), one(running('a')), []],
    [
      'bundle: one succeeds, one fails',
      one(running('a'), running('b')),
      one(success('a'), failed('b')),
      ['a'],
    ],
    ['bundle: both succeed', one(running('a'), running('b')), one(success('a'), success('b')), ['a', 'b']],
    [
      'bundle: one succeeded earlier, the other now',
      one(success('a'), running('b')),
      one(success('a'), success('b')),
      ['b'],
    ],
    [
      'a task that appears already succeeded after the first load is new',
      makeList([]),
      one(success('a')),
      ['a'],
    ],
    [
      'same item id in two tasks is told apart by task',
      makeList([makeTask('t1', [success('a')])]),
      makeList([makeTask('t2', [success('a')]), makeTask('t1', [success('a')])]),
      ['a'],
    ],
    ['a cleared task is not a success', one(success('a')), makeList([]), []],
  ])('%s', (_name, previous, next, expected) => {
    expect(newlySucceededItems(previous, next).map(({ item }) => item.id)).toEqual(expected)
  })
})
