import { beforeEach, describe, expect, test } from 'vitest'
import type { TaskListQuery } from '#core/api/task-schemas.ts'
import type { Store } from '#server/app/ports.ts'
import { at, makePlugin, makeTask, OTHER_WS, WS } from './store-fixtures.ts'

const taskQuery = (query: Partial<TaskListQuery> = {}): TaskListQuery => ({ page: 1, pageSize: 50, ...query })

/** Tasks, claims and clearing; part of describeStoreConformance. */
export function describeTaskConformance(getStore: () => Store): void {
  describe('tasks and claims', () => {
    let store: Store
    beforeEach(async () => {
      store = getStore()
      for (const id of ['p1', 'p2', 'p3']) {
        const task = makeTask(`seed-${id}`, [id], { kind: 'install', createdAt: at(-100) })
        await store.createTask(task, [{ pluginId: id, create: makePlugin({ id, status: 'ready' }) }])
        await store.updateTaskItem(WS, task.id, `${task.id}-item0`, { status: 'success' })
        await store.deleteTask(WS, task.id)
      }
    })
    const finish = (taskId: string, index: number, status: 'success' | 'failed' | 'cancelled') =>
      store.updateTaskItem(WS, taskId, `${taskId}-item${index}`, { status, finishedAt: at(5) })

    test('the list versions change with every write a reader could see, and only then', async () => {
      const versions = async (): Promise<[string, string]> => [
        await store.pluginsVersion(WS),
        await store.tasksVersion(WS),
      ]
      // Compared with the previous poll: a list back in an earlier state may show its earlier version.
      let last = await versions()
      const expectChange = async (what: string, plugins: boolean, tasks: boolean) => {
        const [p, t] = await versions()
        expect({ what, plugins: p !== last[0], tasks: t !== last[1] }).toEqual({ what, plugins, tasks })
        last = [p, t]
      }
      await expectChange('no write', false, false)
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      await expectChange('claim + new task', true, true)
      await store.requestCancel(WS, 't1')
      await expectChange('cancel requested', false, true)
      await finish('t1', 0, 'cancelled')
      await expectChange('release + task ends', true, true)
      await store.updatePlugin(WS, 'p2', { health: 'degraded' })
      await expectChange('plugin rewritten', true, false)
      await store.deleteTask(WS, 't1')
      await expectChange('task cleared', false, true)
      await store.deletePlugin(WS, 'p3')
      await expectChange('plugin removed', true, false)
      expect(await store.pluginsVersion(OTHER_WS)).not.toBe(await store.pluginsVersion(WS))
    })

    test('createTask stores the task and claims its plugins', async () => {
      const result = await store.createTask(makeTask('t1', ['p1', 'p2']), [
        { pluginId: 'p1' },
        { pluginId: 'p2' },
      ])
      expect(result).toMatchObject({ ok: true, task: { id: 't1', status: 'pending' } })
      expect(await store.getPlugin(WS, 'p1')).toMatchObject({ activeTaskId: 't1' })
      expect(await store.getTask(WS, 't1')).toMatchObject({
        id: 't1',
        items: [{ pluginId: 'p1' }, { pluginId: 'p2' }],
      })
      expect(await store.getTask(OTHER_WS, 't1')).toBeNull()
    })

    test('a second claim of a busy plugin fails with the first task id and writes nothing', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      const second = await store.createTask(makeTask('t2', ['p2', 'p1']), [
        { pluginId: 'p2' },
        { pluginId: 'p1' },
      ])
      expect(second).toEqual({ ok: false, code: 'TASK_ALREADY_ACTIVE', pluginId: 'p1', taskId: 't1' })
      expect(await store.getTask(WS, 't2')).toBeNull()
      expect(await store.getPlugin(WS, 'p2')).toMatchObject({ activeTaskId: null })
    })

    test('creating a plugin whose org/name exists fails: busy → TASK_ALREADY_ACTIVE, idle → CONFLICT', async () => {
      const again = makePlugin({ id: 'p9', pluginId: 'acme/p1' })
      expect(
        await store.createTask(makeTask('t2', ['p9']), [{ pluginId: 'p9', create: again }]),
      ).toMatchObject({
        ok: false,
        code: 'CONFLICT',
      })
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      expect(
        await store.createTask(makeTask('t3', ['p9']), [{ pluginId: 'p9', create: again }]),
      ).toMatchObject({
        ok: false,
        code: 'TASK_ALREADY_ACTIVE',
        taskId: 't1',
      })
      expect(await store.getPlugin(WS, 'p9')).toBeNull()
    })

    test('a claim with expectStatus is a compare-and-set; its patch is written with it', async () => {
      const stale = await store.createTask(makeTask('t1', ['p1']), [
        { pluginId: 'p1', expectStatus: 'uninstalled' },
      ])
      expect(stale).toMatchObject({ ok: false, code: 'CONFLICT', pluginId: 'p1' })
      expect(await store.getTask(WS, 't1')).toBeNull()
      const claim = { pluginId: 'p1', expectStatus: 'ready' as const, patch: { version: '2.0.0' } }
      expect(await store.createTask(makeTask('t2', ['p1']), [claim])).toMatchObject({ ok: true })
      expect(await store.getPlugin(WS, 'p1')).toMatchObject({
        version: '2.0.0',
        activeTaskId: 't2',
        status: 'ready',
      })
    })

    test('the claim is released when the item ends', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      await store.updateTaskItem(WS, 't1', 't1-item0', { status: 'running' })
      expect(await store.getPlugin(WS, 'p1')).toMatchObject({ activeTaskId: 't1' })
      await finish('t1', 0, 'failed')
      expect(await store.getPlugin(WS, 'p1')).toMatchObject({ activeTaskId: null })
      expect(await store.createTask(makeTask('t2', ['p1']), [{ pluginId: 'p1' }])).toMatchObject({ ok: true })
    })

    test('updateTaskItem derives the task status, counts and finishedAt', async () => {
      await store.createTask(makeTask('t1', ['p1', 'p2']), [{ pluginId: 'p1' }, { pluginId: 'p2' }])
      const running = await store.updateTaskItem(WS, 't1', 't1-item0', {
        status: 'running',
        step: 'download',
        progress: 40,
      })
      expect(running).toMatchObject({ status: 'running', finishedAt: null })
      expect(running.items[0]).toMatchObject({ status: 'running', step: 'download', progress: 40 })
      await finish('t1', 0, 'success')
      const done = await finish('t1', 1, 'failed')
      expect(done).toMatchObject({
        status: 'failed',
        counts: { succeeded: 1, failed: 1, cancelled: 0, total: 2 },
      })
      expect(done.finishedAt).not.toBeNull()
      const unchanged = await store.updateTaskItem(WS, 't1', 't1-item1', { status: 'running' })
      expect(unchanged.items[1]?.status).toBe('failed')
    })

    test('a cancel-requested task ends cancelled; all-success ends success', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      expect(await store.requestCancel(WS, 't1')).toMatchObject({ cancelRequested: true })
      expect(await finish('t1', 0, 'cancelled')).toMatchObject({ status: 'cancelled' })
      await store.createTask(makeTask('t2', ['p2']), [{ pluginId: 'p2' }])
      expect(await finish('t2', 0, 'success')).toMatchObject({ status: 'success', counts: { succeeded: 1 } })
      expect(await store.requestCancel(WS, 'missing')).toBeNull()
    })

    test('tasks list newest first with an id tie-break, filtered, paginated, with activeCount', async () => {
      await store.createTask(makeTask('t1', ['p1'], { createdAt: at(1) }), [{ pluginId: 'p1' }])
      await store.createTask(makeTask('t3', ['p2'], { createdAt: at(2) }), [{ pluginId: 'p2' }])
      await store.createTask(makeTask('t2', ['p3'], { createdAt: at(2) }), [{ pluginId: 'p3' }])
      await finish('t1', 0, 'success')
      const list = await store.listTasks(WS, taskQuery())
      expect(list.items.map((task) => task.id)).toEqual(['t3', 't2', 't1'])
      expect(list).toMatchObject({ total: 3, activeCount: 2 })
      expect((await store.listTasks(WS, taskQuery({ status: 'active' }))).items.map((t) => t.id)).toEqual([
        't3',
        't2',
      ])
      expect((await store.listTasks(WS, taskQuery({ status: 'terminal' }))).items.map((t) => t.id)).toEqual([
        't1',
      ])
      expect((await store.listTasks(WS, taskQuery({ status: 'success' }))).total).toBe(1)
      const page2 = await store.listTasks(WS, taskQuery({ page: 2, pageSize: 2 }))
      expect(page2).toMatchObject({ total: 3, activeCount: 2, items: [{ id: 't1' }] })
      expect((await store.listTasks(OTHER_WS, taskQuery())).total).toBe(0)
    })

    test('deleteTask clears a terminal task only', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      expect(await store.deleteTask(WS, 't1')).toBe('active')
      expect(await store.getTask(WS, 't1')).not.toBeNull()
      await finish('t1', 0, 'failed')
      expect(await store.deleteTask(WS, 't1')).toBe('deleted')
      expect(await store.deleteTask(WS, 't1')).toBe('not_found')
    })

    test('clearTerminalTasks clears every terminal task of the workspace and never an active one', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      await store.createTask(makeTask('t2', ['p2']), [{ pluginId: 'p2' }])
      await store.createTask(makeTask('t3', ['p3']), [{ pluginId: 'p3' }])
      await finish('t1', 0, 'success')
      await finish('t2', 0, 'failed')
      await store.createTask(makeTask('o1', ['p1'], { workspaceId: OTHER_WS }), [])
      expect(await store.clearTerminalTasks(WS)).toBe(2)
      expect((await store.listTasks(WS, taskQuery())).items.map((task) => task.id)).toEqual(['t3'])
      expect(await store.clearTerminalTasks(WS)).toBe(0)
      expect(await store.getTask(OTHER_WS, 'o1')).not.toBeNull()
    })

    test('listActiveTasks returns the active tasks of every workspace, oldest first', async () => {
      await store.createTask(makeTask('t2', ['p2'], { createdAt: at(2) }), [{ pluginId: 'p2' }])
      await store.createTask(makeTask('t1', ['p1'], { createdAt: at(1) }), [{ pluginId: 'p1' }])
      await store.createTask(makeTask('o1', ['x'], { workspaceId: OTHER_WS, createdAt: at(3) }), [])
      await store.createTask(makeTask('t3', ['p3'], { createdAt: at(0) }), [{ pluginId: 'p3' }])
      await finish('t3', 0, 'success')
      expect((await store.listActiveTasks()).map((task) => task.id)).toEqual(['t1', 't2', 'o1'])
    })

    test('purgeTerminalTasks deletes terminal tasks finished before the cut-off', async () => {
      await store.createTask(makeTask('t1', ['p1']), [{ pluginId: 'p1' }])
      await store.createTask(makeTask('t2', ['p2']), [{ pluginId: 'p2' }])
      await finish('t1', 0, 'success')
      expect(await store.purgeTerminalTasks(new Date('2000-01-01T00:00:00Z'))).toBe(0)
      expect(await store.purgeTerminalTasks(new Date(Date.now() + 86_400_000))).toBe(1)
      expect((await store.listTasks(WS, taskQuery())).items.map((task) => task.id)).toEqual(['t2'])
    })

    test('a stored task does not change when the caller mutates what it passed in', async () => {
      const task = makeTask('t1', ['p1'])
      await store.createTask(task, [{ pluginId: 'p1' }])
      task.kind = 'restart'
      const item = task.items[0]
      if (item) item.status = 'failed'
      expect(await store.getTask(WS, 't1')).toMatchObject({ kind: 'enable', items: [{ status: 'pending' }] })
    })
  })
}
