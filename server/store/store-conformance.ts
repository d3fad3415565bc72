import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Plugin, PluginListQuery } from '#core/api/plugin-schemas.ts'
import type { Store } from '#server/app/ports.ts'
import { describeConcurrencyConformance } from './concurrency-conformance.ts'
import { at, makePlugin, makeTask, OTHER_WS, WS } from './store-fixtures.ts'
import { describeTaskConformance } from './task-conformance.ts'

export type MakeStore = () => Promise<{ store: Store; close(): Promise<void> }>

const listQuery = (query: Partial<PluginListQuery> = {}): PluginListQuery => ({
  page: 1,
  pageSize: 50,
  sort: 'name',
  ...query,
})

/** Plugins are only created together with the task that installs them; the task then ends. */
export async function seedPlugins(store: Store, plugins: Plugin[]): Promise<void> {
  for (const plugin of plugins) {
    const task = makeTask(`seed-${plugin.id}`, [plugin.id], {
      kind: 'install',
      workspaceId: plugin.workspaceId,
    })
    const result = await store.createTask(task, [{ pluginId: plugin.id, create: plugin }])
    if (!result.ok) throw new Error(`seeding ${plugin.id} failed: ${result.code}`)
    await store.updateTaskItem(plugin.workspaceId, task.id, `${task.id}-item0`, { status: 'success' })
  }
}

/**
 * The behaviour every Store implementation shares (memory, PGlite, PostgreSQL). Implementations
 * run it from their own test file; new cases go here so they cannot drift.
 */
export function describeStoreConformance(label: string, makeStore: MakeStore): void {
  describe(`Store conformance: ${label}`, () => {
    let store: Store
    let close: () => Promise<void>
    beforeEach(async () => {
      ;({ store, close } = await makeStore())
    })
    afterEach(async () => close())
    const ids = async (query: Partial<PluginListQuery>) =>
      (await store.listPlugins(WS, listQuery(query))).items.map((plugin) => plugin.id)

    describe('plugin list', () => {
      beforeEach(async () => {
        await seedPlugins(store, [
          makePlugin({ id: 'p-b', name: 'beta', status: 'disabled', categories: ['ops'] }),
          makePlugin({
            id: 'p-a',
            name: 'Alpha',
            description: 'Sends the weather',
            categories: ['ops', 'data'],
          }),
          makePlugin({ id: 'p-c', name: 'gamma', status: 'error', pluginId: 'other/gamma-tool' }),
          makePlugin({ id: 'p-d', name: 'beta', status: 'installed' }),
          makePlugin({ id: 'p-u', name: 'removed', status: 'uninstalled' }),
          makePlugin({ id: 'p-x', name: 'elsewhere', workspaceId: OTHER_WS }),
        ])
      })

      test.each([
        ['name', ['p-a', 'p-b', 'p-d', 'p-c']],
        ['-name', ['p-c', 'p-b', 'p-d', 'p-a']],
        ['status', ['p-d', 'p-a', 'p-b', 'p-c']],
      ] as const)('sort=%s orders case-insensitively with the id as tie-break', async (sort, expected) => {
        expect(await ids({ sort })).toEqual(expected)
      })

      test('sort by updatedAt follows the last write, both directions', async () => {
        const order = [
          ['p-c', 'error', 10],
          ['p-a', 'ready', 20],
          ['p-b', 'disabled', 30],
          ['p-d', 'installed', 40],
        ] as const
        for (const [id, from, seconds] of order) {
          const request = { from, to: 'ready' as const, actor: 't', reason: 'r', at: new Date(at(seconds)) }
          expect(await store.transitionPlugin(WS, id, request)).not.toBeNull()
        }
        expect(await ids({ sort: 'updatedAt' })).toEqual(['p-c', 'p-a', 'p-b', 'p-d'])
        expect(await ids({ sort: '-updatedAt' })).toEqual(['p-d', 'p-b', 'p-a', 'p-c'])
      })

      test('pagination returns the page and the total of all matches', async () => {
        const page = await store.listPlugins(WS, listQuery({ page: 2, pageSize: 3 }))
        expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 })
        expect(page.items.map((plugin) => plugin.id)).toEqual(['p-c'])
        expect((await store.listPlugins(WS, listQuery({ page: 3, pageSize: 3 }))).items).toEqual([])
      })

      test('q searches name, pluginId and description, case-insensitively', async () => {
        expect(await ids({ q: 'ALPH' })).toEqual(['p-a'])
        expect(await ids({ q: 'weather' })).toEqual(['p-a'])
        expect(await ids({ q: 'other/' })).toEqual(['p-c'])
        expect(await ids({ q: 'nothing-like-this' })).toEqual([])
      })

      test('status and category filter; uninstalled plugins only when asked for', async () => {
        expect(await ids({ status: 'disabled' })).toEqual(['p-b'])
        expect(await ids({ status: 'uninstalled' })).toEqual(['p-u'])
        expect(await ids({ category: 'ops' })).toEqual(['p-a', 'p-b'])
        expect(await ids({ category: 'data', status: 'ready' })).toEqual(['p-a'])
        expect((await store.listPlugins(WS, listQuery())).total).toBe(4)
      })

      test('totals follow every write: status moves, category changes, removals, other workspaces', async () => {
        const total = async (query: Partial<PluginListQuery>) =>
          (await store.listPlugins(WS, listQuery(query))).total
        const move = { actor: 't', reason: 'r', at: new Date(at(50)) }
        await store.transitionPlugin(WS, 'p-b', { ...move, from: 'disabled', to: 'ready' })
        await store.updatePlugin(WS, 'p-d', { categories: ['ops', 'data'] })
        await store.deletePlugin(WS, 'p-c')
        expect(await total({})).toBe(3)
        expect(await total({ status: 'ready' })).toBe(2)
        expect(await total({ status: 'disabled' })).toBe(0)
        expect(await total({ status: 'error' })).toBe(0)
        expect(await total({ category: 'ops' })).toBe(3)
        expect(await total({ category: 'data', status: 'installed' })).toBe(1)
        expect(await total({ status: 'uninstalled' })).toBe(1)
        expect((await store.listPlugins(OTHER_WS, listQuery())).total).toBe(1)
        // Many writes later (enough to fold what the database keeps), the totals still hold.
        for (let i = 0; i < 60; i++) {
          const [from, to] = i % 2 === 0 ? (['ready', 'disabled'] as const) : (['disabled', 'ready'] as const)
          await store.transitionPlugin(WS, 'p-b', { ...move, from, to })
          if (i % 20 === 0) await total({})
        }
        expect(await total({})).toBe(3)
        expect(await total({ status: 'ready' })).toBe(2)
        expect(await total({ category: 'ops', status: 'ready' })).toBe(2)
      })

      test('every record belongs to its workspace', async () => {
        expect(await store.getPlugin(WS, 'p-x')).toBeNull()
        expect(await store.getPlugin(OTHER_WS, 'p-x')).toMatchObject({ name: 'elsewhere' })
        expect(await store.findPluginByRef(WS, 'other/gamma-tool')).toMatchObject({ id: 'p-c' })
        expect(await store.findPluginByRef(OTHER_WS, 'other/gamma-tool')).toBeNull()
      })
    })

    describe('compare-and-set transitions and events', () => {
      beforeEach(async () => seedPlugins(store, [makePlugin({ id: 'p1', status: 'ready' })]))
      const transition = (from: Plugin['status'], to: Plugin['status'], reason = 'because') => ({
        from,
        to,
        actor: 'alice',
        reason,
        at: new Date(at(60)),
      })

      test('a transition from the current status writes the patch, bumps the revision, appends an event', async () => {
        const before = await store.getPlugin(WS, 'p1')
        const after = await store.transitionPlugin(WS, 'p1', {
          ...transition('ready', 'error'),
          patch: { lastError: 'boom\nstack' },
        })
        expect(after).toMatchObject({ status: 'error', lastError: 'boom\nstack', updatedAt: at(60) })
        expect(after?.revision).toBe((before?.revision ?? 0) + 1)
        const events = await store.listEvents(WS, 'p1', 1, 10)
        expect(events.total).toBe(1)
        expect(events.items[0]).toMatchObject({
          workspaceId: WS,
          pluginId: 'p1',
          from: 'ready',
          to: 'error',
          actor: 'alice',
          reason: 'because',
          at: at(60),
        })
      })

      test('a stale `from` answers null and changes nothing, not even the timeline', async () => {
        const before = await store.getPlugin(WS, 'p1')
        expect(await store.transitionPlugin(WS, 'p1', transition('disabled', 'ready'))).toBeNull()
        expect(await store.getPlugin(WS, 'p1')).toEqual(before)
        expect((await store.listEvents(WS, 'p1', 1, 10)).total).toBe(0)
        expect(await store.transitionPlugin(WS, 'missing', transition('ready', 'disabled'))).toBeNull()
        expect(await store.transitionPlugin(OTHER_WS, 'p1', transition('ready', 'disabled'))).toBeNull()
      })

      test('two writers from the same status: exactly one wins', async () => {
        const results = await Promise.all([
          store.transitionPlugin(WS, 'p1', transition('ready', 'disabled')),
          store.transitionPlugin(WS, 'p1', transition('ready', 'error')),
        ])
        expect(results.filter((result) => result !== null)).toHaveLength(1)
        expect((await store.listEvents(WS, 'p1', 1, 10)).total).toBe(1)
      })

      test('events are appended per transition and listed newest first, paginated', async () => {
        await store.transitionPlugin(WS, 'p1', {
          ...transition('ready', 'disabled', 'first'),
          at: new Date(at(1)),
        })
        await store.transitionPlugin(WS, 'p1', {
          ...transition('disabled', 'ready', 'second'),
          at: new Date(at(2)),
        })
        await store.appendEvent({
          workspaceId: WS,
          pluginId: 'p1',
          from: null,
          to: 'ready',
          actor: 'bob',
          reason: 'third',
          at: at(2),
        })
        const page1 = await store.listEvents(WS, 'p1', 1, 2)
        expect(page1.total).toBe(3)
        expect(page1.items.map((event) => event.reason)).toEqual(['third', 'second'])
        expect((await store.listEvents(WS, 'p1', 2, 2)).items.map((event) => event.reason)).toEqual(['first'])
      })

      test('updatePlugin writes non-status fields and bumps the revision', async () => {
        const before = await store.getPlugin(WS, 'p1')
        const after = await store.updatePlugin(WS, 'p1', { health: 'degraded' })
        expect(after).toMatchObject({
          status: 'ready',
          health: 'degraded',
          revision: (before?.revision ?? 0) + 1,
        })
        expect(await store.updatePlugin(WS, 'missing', { health: 'degraded' })).toBeNull()
      })

      test('deletePlugin removes the plugin and its timeline', async () => {
        await store.transitionPlugin(WS, 'p1', transition('ready', 'disabled'))
        await store.deletePlugin(WS, 'p1')
        expect(await store.getPlugin(WS, 'p1')).toBeNull()
        expect((await store.listEvents(WS, 'p1', 1, 10)).total).toBe(0)
      })

      test('callers cannot change stored state through the objects they hold', async () => {
        const plugin = await store.getPlugin(WS, 'p1')
        if (!plugin) throw new Error('seeded plugin missing')
        plugin.status = 'error'
        plugin.categories.push('mutated')
        expect(await store.getPlugin(WS, 'p1')).toMatchObject({ status: 'ready', categories: [] })
      })
    })

    describeTaskConformance(() => store)
    describeConcurrencyConformance(() => store)
  })
}
