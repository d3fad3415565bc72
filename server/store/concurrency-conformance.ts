import { beforeEach, describe, expect, test } from 'vitest'
import type { Store } from '#server/app/ports.ts'
import { makePlugin, makeTask, WS } from './store-fixtures.ts'

const ATTEMPTS = 20

/** Many writers at once (real concurrent transactions on PostgreSQL); part of describeStoreConformance. */
export function describeConcurrencyConformance(getStore: () => Store): void {
  describe('concurrent writers', () => {
    let store: Store
    beforeEach(async () => {
      store = getStore()
      const seed = makeTask('seed', ['p1'], { kind: 'install' })
      await store.createTask(seed, [{ pluginId: 'p1', create: makePlugin({ id: 'p1', status: 'ready' }) }])
      await store.updateTaskItem(WS, 'seed', 'seed-item0', { status: 'success' })
    })

    test(`${ATTEMPTS} simultaneous claims of one plugin: exactly one task, the others name it`, async () => {
      const results = await Promise.all(
        Array.from({ length: ATTEMPTS }, (_, index) =>
          store.createTask(makeTask(`t${index}`, ['p1']), [{ pluginId: 'p1', expectStatus: 'ready' }]),
        ),
      )
      const winners = results.filter((result) => result.ok)
      expect(winners).toHaveLength(1)
      const winner = winners[0]?.ok ? winners[0].task.id : ''
      for (const result of results.filter((candidate) => !candidate.ok)) {
        expect(result).toEqual({ ok: false, code: 'TASK_ALREADY_ACTIVE', pluginId: 'p1', taskId: winner })
      }
      expect(await store.getPlugin(WS, 'p1')).toMatchObject({ activeTaskId: winner })
      expect((await store.listTasks(WS, { page: 1, pageSize: 50, status: 'active' })).total).toBe(1)
    })

    test(`${ATTEMPTS} simultaneous installs of one org/name: one plugin row, one task`, async () => {
      const results = await Promise.all(
        Array.from({ length: ATTEMPTS }, (_, index) => {
          const plugin = makePlugin({ id: `new${index}`, pluginId: 'acme/fresh', status: 'installed' })
          return store.createTask(makeTask(`i${index}`, [plugin.id], { kind: 'install' }), [
            { pluginId: plugin.id, create: plugin },
          ])
        }),
      )
      const winners = results.filter((result) => result.ok)
      expect(winners).toHaveLength(1)
      const winner = winners[0]?.ok ? winners[0].task.id : ''
      for (const result of results.filter((candidate) => !candidate.ok)) {
        expect(result).toMatchObject({ ok: false, code: 'TASK_ALREADY_ACTIVE', taskId: winner })
      }
      expect(await store.findPluginByRef(WS, 'acme/fresh')).toMatchObject({ activeTaskId: winner })
      const page = await store.listPlugins(WS, { page: 1, pageSize: 50, sort: 'name', q: 'acme/fresh' })
      expect(page.total).toBe(1)
    })

    test('items of one task finishing at once derive one consistent result', async () => {
      for (const id of ['p2', 'p3', 'p4']) {
        const seed = makeTask(`seed-${id}`, [id], { kind: 'install' })
        await store.createTask(seed, [{ pluginId: id, create: makePlugin({ id, status: 'ready' }) }])
        await store.updateTaskItem(WS, seed.id, `${seed.id}-item0`, { status: 'success' })
      }
      const ids = ['p1', 'p2', 'p3', 'p4']
      await store.createTask(
        makeTask('bundle', ids),
        ids.map((pluginId) => ({ pluginId })),
      )
      await Promise.all(
        ids.map((_, index) =>
          store.updateTaskItem(WS, 'bundle', `bundle-item${index}`, {
            status: index === 0 ? 'failed' : 'success',
          }),
        ),
      )
      expect(await store.getTask(WS, 'bundle')).toMatchObject({
        status: 'failed',
        counts: { succeeded: 3, failed: 1, cancelled: 0, total: 4 },
      })
      for (const id of ids) expect(await store.getPlugin(WS, id)).toMatchObject({ activeTaskId: null })
    })
  })
}
