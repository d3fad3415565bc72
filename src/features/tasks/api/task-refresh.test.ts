import { describe, expect, test } from 'vitest'
import type { TaskKind, TaskList } from '#core/api/task-schemas.ts'
import { makeItem, makeList, makeTask } from '#src/test/fixtures.ts'
import { newlyEndedItems, pluginsToRefresh } from './task-refresh.ts'

type Item = ReturnType<typeof makeItem>
const running = (id: string) => makeItem(id, 'running')
const success = (id: string) => makeItem(id, 'success')
const failedAt = (id: string, step: string | null) => makeItem(id, 'failed', { step })
const cancelled = (id: string) => makeItem(id, 'cancelled')
const one = (...items: Item[]) => makeList([makeTask('t1', items)])
const ofKind = (kind: TaskKind, ...items: Item[]) => makeList([makeTask('t1', items, { kind })])

describe('newlyEndedItems: diff by item between two snapshots', () => {
  test.each<[string, TaskList | undefined, TaskList | undefined, string[]]>([
    ['first load: items that already ended are not new', undefined, one(success('a')), []],
    ['no next snapshot', one(running('a')), undefined, []],
    ['running → success', one(running('a')), one(success('a')), ['a']],
    [
      'pending → success (skipped running between polls)',
      one(makeItem('a', 'pending')),
      one(success('a')),
      ['a'],
    ],
    ['running → failed', one(running('a')), one(failedAt('a', 'load')), ['a']],
    ['running → cancelled', one(running('a')), one(cancelled('a')), ['a']],
    ['success → success is not new', one(success('a')), one(success('a')), []],
    ['still running', one(running('a')), one(running('a')), []],
    [
      'bundle: one succeeds, one fails',
      one(running('a'), running('b')),
      one(success('a'), failedAt('b', 'verify')),
      ['a', 'b'],
    ],
    [
      'bundle: one ended earlier, the other now',
      one(success('a'), running('b')),
      one(success('a'), success('b')),
      ['b'],
    ],
    [
      'a task that appears already ended after the first load is new',
      makeList([]),
      one(failedAt('a', 'load')),
      ['a'],
    ],
    [
      'same item id in two tasks is told apart by task',
      makeList([makeTask('t1', [success('a')])]),
      makeList([makeTask('t2', [success('a')]), makeTask('t1', [success('a')])]),
      ['a'],
    ],
    ['a cleared task ends nothing', one(success('a')), makeList([]), []],
  ])('%s', (_name, previous, next, expected) => {
    expect(newlyEndedItems(previous, next).map(({ item }) => item.id)).toEqual(expected)
  })
})

describe('pluginsToRefresh: every item that ended refreshes its plugin, unless it left nothing that is shown', () => {
  const nothingShown = () => false
  test.each<[string, TaskList, TaskList, (pluginId: string) => boolean, string[]]>([
    ['an install that succeeded', one(running('a')), one(success('a')), nothingShown, ['p-a']],
    [
      'an install that failed at load leaves the plugin in error',
      one(running('a')),
      one(failedAt('a', 'load')),
      nothingShown,
      ['p-a'],
    ],
    [
      'an install that failed while starting its worker',
      one(running('a')),
      one(failedAt('a', 'start')),
      nothingShown,
      ['p-a'],
    ],
    [
      'a refused package, its row never seen',
      one(running('a')),
      one(failedAt('a', 'verify')),
      nothingShown,
      [],
    ],
    [
      'a refused package whose row a page shows',
      one(running('a')),
      one(failedAt('a', 'verify')),
      (id) => id === 'p-a',
      ['p-a'],
    ],
    ['a cancelled install, its row never seen', one(running('a')), one(cancelled('a')), nothingShown, []],
    [
      'a cancelled install whose card says Installed',
      one(running('a')),
      one(cancelled('a')),
      (id) => id === 'p-a',
      ['p-a'],
    ],
    [
      'a cancelled reinstall goes back to uninstalled',
      one(running('a')),
      one(makeItem('a', 'cancelled', { params: { reinstall: true } })),
      nothingShown,
      ['p-a'],
    ],
    [
      'a failed enable',
      ofKind('enable', running('a')),
      ofKind('enable', failedAt('a', 'load')),
      nothingShown,
      ['p-a'],
    ],
    [
      'a cancelled upgrade',
      ofKind('upgrade', running('a')),
      ofKind('upgrade', cancelled('a')),
      nothingShown,
      ['p-a'],
    ],
    [
      'a bundle with one failure refreshes both plugins',
      one(running('a'), running('b')),
      one(success('a'), failedAt('b', 'load')),
      nothingShown,
      ['p-a', 'p-b'],
    ],
    ['nothing ended', one(running('a')), one(running('a')), () => true, []],
  ])('%s', (_name, previous, next, shown, expected) => {
    expect(pluginsToRefresh(previous, next, shown)).toEqual(expected)
  })
})
