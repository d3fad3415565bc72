import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { ClaimLost } from '#server/app/tasks/item-fence.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { createSqlStore } from '#server/sql/sql-store.ts'
import {
  migratedSnapshot,
  openTestPglite,
  openTestPostgres,
  TEST_DATABASE_URL,
  type TestDb,
} from '#server/sql/sql-test-helpers.ts'
import { makePlugin, makeTask, WS } from '#server/store/store-fixtures.ts'
import {
  adoptOwnItems,
  cancelsForNode,
  type NodeIdentity,
  pendingClaimsOf,
  placeHereAtStart,
  reapLostNodes,
  registerNode,
  renewLease,
} from './node-lease.ts'

beforeAll(() => migratedSnapshot())

const LEASE_MS = 60_000
/** A lease that ended a minute ago: the node is lost for any grace shorter than that. */
const ENDED = -60_000

function describeLeases(name: string, open: () => Promise<TestDb>) {
  describe(`node leases and item claims on ${name}`, () => {
    let testDb: TestDb
    let db: DialectDb
    beforeEach(async () => {
      testDb = await open()
      db = testDb.db
    })
    afterEach(() => testDb.close())

    const register = (nodeId: string, leaseMs = LEASE_MS) =>
      registerNode(db, { nodeId, address: null, version: '1.0.0', leaseMs })
    const storeOf = (self: () => NodeIdentity | null) => createSqlStore(db, { claimer: self })

    test('every start is a new incarnation; the replaced one can no longer renew its lease', async () => {
      const a1 = await register('a')
      const b = await register('b')
      const a2 = await register('a')
      expect(b.epoch).toBeGreaterThan(a1.epoch)
      expect(a2.epoch).toBeGreaterThan(b.epoch)
      expect(await renewLease(db, a1, LEASE_MS)).toBe(false)
      expect(await renewLease(db, a2, LEASE_MS)).toBe(true)
    })

    test('a node whose lease ended is declared lost once, by one reaper, which takes its items', async () => {
      const a = await register('a', ENDED)
      const b = await register('b')
      const c = await register('c')
      const task = makeTask('t1', ['p1'])
      await storeOf(() => a).createTask(task, [{ pluginId: 'p1', create: makePlugin({ id: 'p1' }) }])
      const results = await Promise.all([reapLostNodes(db, b, 1_000), reapLostNodes(db, c, 1_000)])
      const winners = results.filter((lost) => lost.length > 0)
      expect(winners).toHaveLength(1)
      expect(winners[0]).toEqual([
        {
          nodeId: 'a',
          epoch: a.epoch,
          adopted: [{ workspaceId: WS, taskId: 't1', itemIds: ['t1-item0'] }],
          orphaned: [],
        },
      ])
      expect(await renewLease(db, a, LEASE_MS)).toBe(false)
      // A live node is never reaped, and a lost one is not reaped twice.
      expect(await reapLostNodes(db, b, 1_000)).toEqual([])
    })

    test('a write to a running item by anyone but its claimer touches nothing', async () => {
      const a = await register('a')
      const b = await register('b')
      const storeA = storeOf(() => a)
      const storeB = storeOf(() => b)
      await storeA.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1', create: makePlugin({ id: 'p1' }) }])
      // Queued on a: b cannot start it.
      await expect(storeB.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })).rejects.toThrow(
        ClaimLost,
      )
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running', step: 'download' })
      await expect(
        storeB.updateTaskItem(WS, 't1', 't1-item0', { status: 'failed', message: 'late' }),
      ).rejects.toThrow(ClaimLost)
      const item = (await storeA.getTask(WS, 't1'))?.items[0]
      expect(item).toMatchObject({ status: 'running', step: 'download' })
      expect(item?.message).not.toBe('late')
      // A node without a lease writes nothing to a running item either.
      await expect(
        storeOf(() => null).updateTaskItem(WS, 't1', 't1-item0', { progress: 50 }),
      ).rejects.toThrow(ClaimLost)
    })

    test('after a takeover the former claimer is fenced off and the new one writes', async () => {
      const a = await register('a', ENDED)
      const b = await register('b')
      const storeA = storeOf(() => a)
      await storeA.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1', create: makePlugin({ id: 'p1' }) }])
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running', step: 'start' })
      await reapLostNodes(db, b, 1_000)
      await expect(storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'success' })).rejects.toThrow(
        ClaimLost,
      )
      const task = await storeOf(() => b).updateTaskItem(WS, 't1', 't1-item0', { status: 'failed' })
      expect(task.status).toBe('failed')
    })

    test('a cancel of a pending item passes from any node', async () => {
      const a = await register('a')
      const b = await register('b')
      await storeOf(() => a).createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1' }) },
      ])
      await storeOf(() => b).requestCancel(WS, 't1')
      const task = await storeOf(() => b).updateTaskItem(WS, 't1', 't1-item0', { status: 'cancelled' })
      expect(task.status).toBe('cancelled')
    })

    test('a restarted node adopts only its own earlier items (and unclaimed ones), never a live node’s', async () => {
      const a1 = await register('a')
      const b = await register('b')
      await storeOf(() => a1).createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1' }) },
      ])
      await storeOf(() => b).createTask(makeTask('t2', ['p2']), [
        { pluginId: 'p2', create: makePlugin({ id: 'p2' }) },
      ])
      await createSqlStore(db).createTask(makeTask('t3', ['p3']), [
        { pluginId: 'p3', create: makePlugin({ id: 'p3' }) },
      ])
      const a2 = await register('a')
      const adopted = await adoptOwnItems(db, a2)
      expect(adopted.map((task) => task.taskId).sort()).toEqual(['t1', 't3'])
      expect(await adoptOwnItems(db, a2)).toEqual([])
    })

    const nodeOf = async (pluginId: string) =>
      (await db.query<{ node_id: string | null }>('SELECT node_id FROM plugins WHERE id = $1', [pluginId]))
        .rows[0]?.node_id

    test('a plugin runs where its last item ran; its next items are routed to that node while it is live', async () => {
      const a = await register('a', ENDED)
      const b = await register('b')
      const storeA = storeOf(() => a)
      const storeB = storeOf(() => b)
      await storeA.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1', status: 'ready' }) },
      ])
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'success' })
      expect(await nodeOf('p1')).toBe('a')
      // Asked on b, run by a (which picks it up from its claims).
      await storeB.createTask(makeTask('t2', ['p1'], { kind: 'restart' }), [{ pluginId: 'p1' }])
      expect(await pendingClaimsOf(db, a)).toEqual([{ workspaceId: WS, taskId: 't2' }])
      expect(await pendingClaimsOf(db, b)).toEqual([])
      expect(await placeHereAtStart(db, b, WS, 'p1')).toBe(false)
      // a is lost: its plugin runs nowhere, and b may start it.
      const [lost] = await reapLostNodes(db, b, 1_000)
      expect(lost?.orphaned).toEqual([{ workspaceId: WS, pluginId: 'p1' }])
      expect(await nodeOf('p1')).toBeNull()
      expect(await placeHereAtStart(db, b, WS, 'p1')).toBe(true)
      expect(await nodeOf('p1')).toBe('b')
    })

    test('a plugin that does not run after its item (disabled, failed) is placed on no node', async () => {
      const a = await register('a')
      const storeA = storeOf(() => a)
      await storeA.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1', status: 'disabled' }) },
      ])
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'success' })
      expect(await nodeOf('p1')).toBeNull()
    })

    test('a plugin no node runs goes back to the node that ran its last item (its data is there) while that node is active', async () => {
      const a = await register('a', ENDED)
      const b = await register('b')
      const storeA = storeOf(() => a)
      const storeB = storeOf(() => b)
      await storeA.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1', status: 'disabled' }) },
      ])
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'success' })
      expect(await nodeOf('p1')).toBeNull()
      // Enabled through b: a runs it.
      await storeB.createTask(makeTask('t2', ['p1'], { kind: 'enable' }), [{ pluginId: 'p1' }])
      expect(await pendingClaimsOf(db, a)).toEqual([{ workspaceId: WS, taskId: 't2' }])
      expect(await pendingClaimsOf(db, b)).toEqual([])
      await storeA.updateTaskItem(WS, 't2', 't2-item0', { status: 'cancelled' })
      // Once a is lost, the node that takes the request runs it.
      await reapLostNodes(db, b, 1_000)
      await storeB.createTask(makeTask('t3', ['p1'], { kind: 'enable' }), [{ pluginId: 'p1' }])
      expect(await pendingClaimsOf(db, b)).toEqual([{ workspaceId: WS, taskId: 't3' }])
    })

    test('a runtime write lands only while the plugin runs on that node incarnation', async () => {
      const a = await register('a', ENDED)
      const b = await register('b')
      const storeA = storeOf(() => a)
      await storeA.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1', status: 'ready', health: 'healthy' }) },
      ])
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })
      await storeA.updateTaskItem(WS, 't1', 't1-item0', { status: 'success' })
      expect(await storeA.updatePlugin(WS, 'p1', { health: 'degraded' }, a)).toMatchObject({
        health: 'degraded',
      })
      // Not placed on b: b's supervisor has no say over it.
      expect(await storeA.updatePlugin(WS, 'p1', { health: 'failed' }, b)).toBeNull()
      // a is declared lost: its late writes (health, a worker given up on) land nowhere.
      await reapLostNodes(db, b, 1_000)
      expect(await storeA.updatePlugin(WS, 'p1', { health: 'failed' }, a)).toBeNull()
      const late = {
        from: 'ready',
        to: 'error',
        actor: 'supervisor',
        reason: 'late',
        at: new Date(),
      } as const
      expect(await storeA.transitionPlugin(WS, 'p1', { ...late, placedOn: a })).toBeNull()
      expect(await storeA.getPlugin(WS, 'p1')).toMatchObject({ status: 'ready', health: 'degraded' })
      // Placed on b now: b's writes land, and an earlier incarnation of b's would not.
      expect(await placeHereAtStart(db, b, WS, 'p1')).toBe(true)
      expect(await storeA.updatePlugin(WS, 'p1', { health: 'healthy' }, b)).toMatchObject({
        health: 'healthy',
      })
      expect(
        await storeA.updatePlugin(WS, 'p1', { health: 'failed' }, { ...b, epoch: b.epoch - 1 }),
      ).toBeNull()
      expect(await storeA.transitionPlugin(WS, 'p1', { ...late, placedOn: b })).toMatchObject({
        status: 'error',
      })
    })

    test('a cancel asked on any node reaches the node that claims the items', async () => {
      const a = await register('a')
      const b = await register('b')
      await storeOf(() => a).createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', create: makePlugin({ id: 'p1' }) },
      ])
      expect(await cancelsForNode(db, a)).toEqual([])
      await storeOf(() => b).requestCancel(WS, 't1')
      expect(await cancelsForNode(db, a)).toEqual([{ workspaceId: WS, taskId: 't1' }])
      expect(await cancelsForNode(db, b)).toEqual([])
    })
  })
}

describeLeases('PGlite', openTestPglite)
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL
  describeLeases('PostgreSQL', () => openTestPostgres(url))
}
