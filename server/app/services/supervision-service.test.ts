import { describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import { publishingStore } from '#server/app/events/publishing-store.ts'
import type { Store } from '#server/app/ports.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { makePlugin, makeTask, WS } from '#server/store/store-fixtures.ts'
import { TransitionForbidden, writePluginStatus } from './plugin-status-writer.ts'
import { createSupervisionService } from './supervision-service.ts'

const clock = { now: () => new Date('2026-03-01T12:00:00.000Z'), sleep: async () => {} }

/** A store holding one plugin as a finished task left it, and the feed it publishes to. */
async function setup(plugin: Plugin, options: { finishTask?: boolean } = {}) {
  const changes = createMemoryChangeFeed()
  const store: Store = publishingStore(createMemoryStore(), changes)
  const task = makeTask(`t-${plugin.id}`, [plugin.id])
  const created = await store.createTask(task, [{ pluginId: plugin.id, create: plugin }])
  if (!created.ok) throw new Error(created.code)
  const item = task.items[0]
  if (item && options.finishTask !== false)
    await store.updateTaskItem(WS, task.id, item.id, { status: 'success' })
  const published: string[] = []
  changes.subscribe(WS, null, (event) => published.push(event.type))
  const supervision = createSupervisionService({ store, clock, changes })
  return { store, supervision, published }
}

describe('supervision outcomes go through the lifecycle table', () => {
  test('a worker given up on moves its ready plugin to error, with the event and the change published', async () => {
    const { store, supervision, published } = await setup(makePlugin({ id: 'p1', status: 'ready' }))
    expect(await supervision.failed(WS, 'p1', 'crashed 3 times in a row\n\nlog tail')).toBe('recorded')
    expect(await store.getPlugin(WS, 'p1')).toMatchObject({
      status: 'error',
      health: 'failed',
      lastError: 'crashed 3 times in a row\n\nlog tail',
    })
    const events = await store.listEvents(WS, 'p1', 1, 10)
    expect(events.items[0]).toMatchObject({ from: 'ready', to: 'error', actor: 'supervisor' })
    expect(published).toEqual(['plugin.changed'])
  })

  test('a supervision write the table forbids is refused: nothing written, recorded or published', async () => {
    const { store, supervision, published } = await setup(makePlugin({ id: 'p1', status: 'uninstalled' }))
    const before = await store.getPlugin(WS, 'p1')
    const eventsBefore = (await store.listEvents(WS, 'p1', 1, 10)).total
    expect(await supervision.failed(WS, 'p1', 'the worker exited unexpectedly')).toBe('refused')
    expect(await supervision.startFailed(WS, 'p1', 'no installed version')).toBe('refused')
    expect(await store.getPlugin(WS, 'p1')).toEqual(before)
    expect((await store.listEvents(WS, 'p1', 1, 10)).total).toBe(eventsBefore)
    expect(published).toEqual([])
  })

  test('a plugin a task owns is left to that task', async () => {
    const { store, supervision } = await setup(makePlugin({ id: 'p1', status: 'ready' }), {
      finishTask: false,
    })
    expect(await supervision.failed(WS, 'p1', 'crashed')).toBe('ignored')
    await supervision.state(WS, 'p1', { health: 'recovering', modules: [] })
    expect(await store.getPlugin(WS, 'p1')).toMatchObject({ status: 'ready', lastError: null })
    expect((await store.getPlugin(WS, 'p1'))?.health).not.toBe('recovering')
  })

  test('every status write checks the table before the store: a forbidden one never reaches it', async () => {
    const store = createMemoryStore()
    const request = { from: 'installed', to: 'disabled', actor: 'a', reason: 'r', at: clock.now() } as const
    await expect(writePluginStatus(store, WS, 'p1', request)).rejects.toBeInstanceOf(TransitionForbidden)
  })
})

describe('restate: the health another node wrote over, written again', () => {
  test('writes the last reported health back (dropping the note when asked), and nothing when it matches', async () => {
    const { store, supervision } = await setup(makePlugin({ id: 'p1', status: 'ready' }))
    const modules = [
      { id: 'm1', name: 'M1', type: 'command' as const, status: 'running' as const, error: null },
    ]
    await supervision.state(WS, 'p1', { health: 'healthy', modules })
    await store.updatePlugin(WS, 'p1', { health: 'unknown', lastError: 'Node b stopped answering' })
    await supervision.restate(WS, 'p1', true)
    expect(await store.getPlugin(WS, 'p1')).toMatchObject({ health: 'healthy', modules, lastError: null })
    const written = (await store.getPlugin(WS, 'p1'))?.revision
    await supervision.restate(WS, 'p1', true)
    expect((await store.getPlugin(WS, 'p1'))?.revision).toBe(written)
  })

  test('a plugin its runtime said nothing about is left alone', async () => {
    const { store, supervision } = await setup(makePlugin({ id: 'p1', status: 'ready' }))
    await store.updatePlugin(WS, 'p1', { health: 'unknown' })
    await supervision.restate(WS, 'p1', true)
    expect(await store.getPlugin(WS, 'p1')).toMatchObject({ health: 'unknown' })
  })
})
