import { describe, expect, test, vi } from 'vitest'
import type { Store } from '#server/app/ports.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { makePlugin, makeTask, WS } from '#server/store/store-fixtures.ts'
import type { FeedEvent } from './change-feed.ts'
import { createMemoryChangeFeed } from './memory-change-feed.ts'
import { publishingStore } from './publishing-store.ts'

function setup(inner: Store = createMemoryStore()) {
  const feed = createMemoryChangeFeed()
  const published: FeedEvent[] = []
  feed.subscribe(WS, null, (event) => published.push(event))
  return { store: publishingStore(inner, feed), published, types: () => published.map((event) => event.type) }
}

describe('the publishing store', () => {
  test('a committed task publishes the task and the plugin it claimed', async () => {
    const { store, types } = setup()
    const result = await store.createTask(makeTask('t1', ['p1']), [
      { pluginId: 'p1', create: makePlugin({ id: 'p1' }) },
    ])
    expect(result.ok).toBe(true)
    expect(types()).toEqual(['task.created', 'plugin.changed'])
  })

  test('writes that did not happen publish nothing: a refused claim, a lost compare-and-set, a failed write', async () => {
    const { store, types } = setup()
    await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1', create: makePlugin({ id: 'p1' }) }])
    const before = types().length
    const refused = await store.createTask(makeTask('t2', ['p1']), [
      { pluginId: 'p1', expectStatus: 'ready' },
    ])
    expect(refused.ok).toBe(false)
    const transition = { from: 'disabled', to: 'ready', actor: 'a', reason: 'r', at: new Date() } as const
    expect(await store.transitionPlugin(WS, 'p1', transition)).toBeNull() // it is not `disabled`
    expect(types()).toHaveLength(before)

    const broken = setup({
      ...createMemoryStore(),
      updatePlugin: () => Promise.reject(new Error('the transaction rolled back')),
    })
    await expect(broken.store.updatePlugin(WS, 'p1', { health: 'failed' })).rejects.toThrow(/rolled back/)
    expect(broken.published).toHaveLength(0)
  })

  test('an item that ends publishes the task, then its plugin released from the claim', async () => {
    const { store, published } = setup()
    const task = makeTask('t1', ['p1'])
    await store.createTask(task, [{ pluginId: 'p1', create: makePlugin({ id: 'p1' }) }])
    await store.updateTaskItem(WS, 't1', task.items[0]?.id ?? '', { status: 'success' })
    const [taskEvent, pluginEvent] = published.slice(-2)
    expect(taskEvent).toMatchObject({ type: 'task.changed', data: { task: { status: 'success' } } })
    expect(pluginEvent).toMatchObject({ type: 'plugin.changed', data: { plugin: { activeTaskId: null } } })
  })
})

describe('the publishing store after a commit', () => {
  test('a publish that fails does not make the committed write look failed', async () => {
    const inner = createMemoryStore()
    const { store } = setup({
      ...inner,
      getPlugin: () => Promise.reject(new Error('the connection dropped')),
    })
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const result = await store.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1' }) },
      ])
      expect(result.ok).toBe(true)
      const task = makeTask('t1', ['p1'])
      const ended = await store.updateTaskItem(WS, 't1', task.items[0]?.id ?? '', { status: 'success' })
      expect(ended.status).toBe('success')
      expect(errors).toHaveBeenCalled()
    } finally {
      errors.mockRestore()
    }
  })
})
