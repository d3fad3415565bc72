import { QueryClient } from '@tanstack/react-query'
import { describe, expect, test } from 'vitest'
import type { PluginDetail, PluginList } from '#core/api/plugin-schemas.ts'
import type { TaskList } from '#core/api/task-schemas.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { taskPollInterval } from '#src/features/tasks/api/task-polling.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { updateQueries } from '#src/features/updates/api/update-queries.ts'
import { makeItem, makeList, makePlugin, makeTask } from '#src/test/fixtures.ts'
import { applyStreamEvent } from './stream-cache.ts'

const WS = 'default'
const latestKey = taskQueries.latest(WS).queryKey
const listKey = pluginQueries.list(WS).queryKey

function setup() {
  const client = new QueryClient()
  const done = makeTask('t-done', [makeItem('i1', 'success')])
  client.setQueryData<TaskList>(latestKey, makeList([done]))
  client.setQueryData<PluginList>(listKey, { items: [makePlugin()], total: 1, page: 1, pageSize: 50 })
  const stale = () => client.getQueryCache().find({ queryKey: listKey })?.state.isInvalidated
  return { client, latest: () => client.getQueryData<TaskList>(latestKey), stale }
}

describe('applyStreamEvent', () => {
  test('news of an active task is written in, so the polling rule polls', () => {
    const { client, latest } = setup()
    expect(taskPollInterval(latest())).toBe(false)
    const running = makeTask('t-new', [makeItem('i2', 'running')], { kind: 'restart' })
    applyStreamEvent(client, WS, 'task.created', { task: running })
    expect(latest()?.items.map((task) => task.id)).toEqual(['t-new', 't-done'])
    expect(taskPollInterval(latest())).toBe(5_000)
  })

  test('progress of a task the page knows waits for the next poll; its end is written at once', () => {
    const { client, latest } = setup()
    const started = makeTask('t-new', [makeItem('i2', 'pending')], { updatedAt: '2026-03-01T12:00:01.000Z' })
    applyStreamEvent(client, WS, 'task.created', { task: started })
    const running = makeTask('t-new', [makeItem('i2', 'running')], { updatedAt: '2026-03-01T12:00:02.000Z' })
    applyStreamEvent(client, WS, 'task.changed', { task: running })
    expect(latest()?.items[0]?.items[0]?.status).toBe('pending')
    const done = makeTask('t-new', [makeItem('i2', 'success')], { updatedAt: '2026-03-01T12:00:03.000Z' })
    applyStreamEvent(client, WS, 'task.changed', { task: done })
    expect(latest()?.items[0]?.status).toBe('success')
    expect(taskPollInterval(latest())).toBe(false)
  })

  test('an older state of a task than the cached one is ignored', () => {
    const { client, latest } = setup()
    const older = makeTask('t-done', [makeItem('i1', 'running')], { updatedAt: '2020-01-01T00:00:00.000Z' })
    applyStreamEvent(client, WS, 'task.changed', { task: older })
    expect(latest()?.items[0]?.status).toBe('success')
  })

  test('cleared tasks leave the cache; a clear of all keeps the active ones', () => {
    const { client, latest } = setup()
    applyStreamEvent(client, WS, 'task.created', { task: makeTask('t-run', [makeItem('i3', 'running')]) })
    applyStreamEvent(client, WS, 'tasks.removed', { taskIds: null })
    expect(latest()?.items.map((task) => task.id)).toEqual(['t-run'])
  })

  test('a plugin change is patched in place; the list is fetched again only when its status changed', () => {
    const { client, stale } = setup()
    applyStreamEvent(client, WS, 'plugin.changed', {
      plugin: makePlugin({ health: 'recovering', revision: 2 }),
    })
    const list = () => client.getQueryData<PluginList>(listKey)
    expect(list()?.items[0]?.health).toBe('recovering')
    expect(stale()).toBe(false)
    applyStreamEvent(client, WS, 'plugin.changed', { plugin: makePlugin({ status: 'error', revision: 3 }) })
    expect(list()?.items[0]?.status).toBe('error')
    expect(stale()).toBe(true)
  })

  test('a change of the available updates refreshes them (the "update available" badges), and nothing else', () => {
    const { client, stale } = setup()
    const updatesKey = updateQueries.list(WS).queryKey
    client.setQueryData(updatesKey, {
      items: [],
      problems: [],
      checkedAt: '2026-03-01T12:00:00.000Z',
      lastCheck: null,
    })
    applyStreamEvent(client, WS, 'updates.changed', { available: [{ pluginId: 'p1', version: '1.2.0' }] })
    expect(client.getQueryCache().find({ queryKey: updatesKey })?.state.isInvalidated).toBe(true)
    expect(stale()).toBe(false)
  })

  test("another admin's pin shows on an open plugin page at once and refreshes the Updates page", () => {
    const { client, stale } = setup()
    const plugin = makePlugin()
    const detailKey = pluginQueries.detail(WS, plugin.id).queryKey
    client.setQueryData<PluginDetail>(detailKey, { ...plugin, runtime: null, pinned: false })
    const updatesKey = updateQueries.list(WS).queryKey
    client.setQueryData(updatesKey, {
      items: [],
      problems: [],
      checkedAt: '2026-03-01T12:00:00.000Z',
      lastCheck: null,
    })
    applyStreamEvent(client, WS, 'plugin.pinned', { pluginId: plugin.id, pinned: true })
    expect(client.getQueryData<PluginDetail>(detailKey)?.pinned).toBe(true)
    expect(client.getQueryCache().find({ queryKey: updatesKey })?.state.isInvalidated).toBe(true)
    expect(stale()).toBe(false)
    applyStreamEvent(client, WS, 'plugin.pinned', { pluginId: plugin.id, pinned: false })
    expect(client.getQueryData<PluginDetail>(detailKey)?.pinned).toBe(false)
  })

  test('resync invalidates everything of the workspace', () => {
    const { client, stale } = setup()
    applyStreamEvent(client, WS, 'resync', {})
    expect(stale()).toBe(true)
    expect(client.getQueryCache().find({ queryKey: latestKey })?.state.isInvalidated).toBe(true)
  })
})

describe('a push while a poll is in flight', () => {
  test('news of a task is not overwritten by a poll that left before the task existed', async () => {
    const { client, latest } = setup()
    let answer: (list: TaskList) => void = () => {}
    const before = latest() as TaskList
    const poll = client
      .fetchQuery({
        queryKey: latestKey,
        queryFn: () =>
          new Promise<TaskList>((resolve) => {
            answer = resolve
          }),
      })
      .catch(() => null)
    const running = makeTask('t-new', [makeItem('i2', 'running')], { kind: 'restart' })
    applyStreamEvent(client, WS, 'task.created', { task: running })
    answer(before) // the poll's answer, from before the task existed
    await poll
    expect(latest()?.items.map((task) => task.id)).toEqual(['t-new', 't-done'])
    expect(taskPollInterval(latest())).toBe(5_000)
  })

  test('the end of a task the page never saw fetches the page again instead of being dropped', () => {
    const { client } = setup()
    const done = makeTask('t-unseen', [makeItem('i2', 'success')])
    applyStreamEvent(client, WS, 'task.changed', { task: done })
    expect(client.getQueryCache().find({ queryKey: latestKey })?.state.isInvalidated).toBe(true)
  })
})
