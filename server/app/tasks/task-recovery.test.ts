import { describe, expect, test, vi } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { TaskKind } from '#core/api/task-schemas.ts'
import { createMemoryDeps } from '#mocks/memory-deps.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { newTask } from '#server/app/services/new-task.ts'
import { newPluginRow } from '#server/app/services/package-fields.ts'
import { purgeOldTasks } from './task-retention.ts'
import { createTaskRunner } from './task-runner.ts'

const WS = 'ws-recovery'
const REF = 'acme/metrics'

/** The store as a server left it when it died: one item `running` in `step`, nothing running it. */
async function crashedDuring(kind: TaskKind, step: string, status: Plugin['status']) {
  const deps: AppDeps = createMemoryDeps({ stepMs: 0 })
  const pkg = await deps.catalog.resolve(REF, '1.0.0')
  if (!pkg) throw new Error(`${REF} missing from the demo catalog`)
  const plugin = { ...newPluginRow('plg_1', WS, pkg, deps.clock.now()), status }
  const task = newTask(deps, {
    workspaceId: WS,
    kind,
    actor: 'alice',
    items: [{ pluginId: plugin.id, pluginRef: REF, pluginName: plugin.name, version: '1.0.0' }],
  })
  const created = await deps.store.createTask(task, [{ pluginId: plugin.id, create: plugin }])
  if (!created.ok) throw new Error(created.code)
  const itemId = task.items[0]?.id ?? ''
  await deps.store.updateTaskItem(WS, task.id, itemId, { status: 'running', step, progress: 30 })
  // The next start: a new runner over the same store.
  const runner = createTaskRunner(deps)
  const report = await runner.recover()
  await runner.idle()
  return {
    report,
    task: await deps.store.getTask(WS, task.id),
    plugin: await deps.store.getPlugin(WS, plugin.id),
    active: await deps.store.listActiveTasks(),
  }
}

describe('start-up recovery', () => {
  test('an install that died while verifying the package runs again and ends ready', async () => {
    const { report, task, plugin, active } = await crashedDuring('install', 'verify', 'installed')
    expect(report).toEqual({ resumed: 1, interrupted: 0 })
    expect(task).toMatchObject({ status: 'success', counts: { succeeded: 1, total: 1 } })
    expect(plugin).toMatchObject({ status: 'ready', activeTaskId: null })
    expect(active).toEqual([])
  })

  test('an install that died while loading ends failed INTERRUPTED and the plugin is error with the reason', async () => {
    const { report, task, plugin, active } = await crashedDuring('install', 'load', 'installed')
    expect(report).toEqual({ resumed: 0, interrupted: 1 })
    expect(task).toMatchObject({ status: 'failed', counts: { failed: 1, total: 1 } })
    expect(task?.items[0]?.error).toMatchObject({ code: 'INTERRUPTED' })
    expect(task?.items[0]?.error?.message).toMatch(/^The server stopped while this step \(load\) was running/)
    expect(plugin).toMatchObject({ status: 'error', activeTaskId: null, health: 'failed' })
    expect(plugin?.lastError).toMatch(/nothing was left half-done/)
    expect(active).toEqual([])
  })

  test('a disable that died while stopping runs again (stopping is idempotent)', async () => {
    const { report, task, plugin } = await crashedDuring('disable', 'stop', 'ready')
    expect(report).toEqual({ resumed: 1, interrupted: 0 })
    expect(task).toMatchObject({ status: 'success' })
    expect(plugin).toMatchObject({ status: 'disabled', activeTaskId: null })
  })

  test('an enable that died while starting ends INTERRUPTED and the plugin keeps its status', async () => {
    const { report, task, plugin } = await crashedDuring('enable', 'start', 'disabled')
    expect(report).toEqual({ resumed: 0, interrupted: 1 })
    expect(task?.items[0]?.error?.code).toBe('INTERRUPTED')
    expect(plugin).toMatchObject({ status: 'disabled', activeTaskId: null })
  })

  test('an unknown step counts as not idempotent', async () => {
    const { report, task } = await crashedDuring('restart', 'warm-cache', 'ready')
    expect(report).toEqual({ resumed: 0, interrupted: 1 })
    expect(task?.status).toBe('failed')
  })
})

describe('retention', () => {
  test('terminal tasks finished more than 30 days ago are purged; newer ones and active ones stay', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00.000Z'), toFake: ['Date'] })
    try {
      const deps = createMemoryDeps({ stepMs: 0 })
      const make = async (id: string, finish: boolean) => {
        const task = newTask(deps, {
          workspaceId: WS,
          kind: 'enable',
          actor: 'a',
          items: [{ pluginId: `p-${id}`, pluginRef: `acme/${id}`, pluginName: id, version: null }],
        })
        await deps.store.createTask({ ...task, id }, [])
        if (finish) await deps.store.updateTaskItem(WS, id, task.items[0]?.id ?? '', { status: 'success' })
      }
      await make('old', true)
      vi.setSystemTime(new Date('2026-03-20T00:00:00.000Z'))
      await make('recent', true)
      await make('active', false)
      vi.setSystemTime(new Date('2026-03-31T00:00:00.000Z'))
      expect(await purgeOldTasks(deps)).toBe(0)
      vi.setSystemTime(new Date('2026-03-31T00:00:01.000Z'))
      expect(await purgeOldTasks(deps)).toBe(1)
      const left = await deps.store.listTasks(WS, { page: 1, pageSize: 50 })
      expect(left.items.map((task) => task.id).sort()).toEqual(['active', 'recent'])
    } finally {
      vi.useRealTimers()
    }
  })
})
