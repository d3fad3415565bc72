import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import { publishingStore } from '#server/app/events/publishing-store.ts'
import type { Store } from '#server/app/ports.ts'
import { createSupervisionService, supervisionReports } from '#server/app/services/supervision-service.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { eventually, pluginRow, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'
import { makeTask } from '#server/store/store-fixtures.ts'
import { processRuntimeCallbacks, restartReadyPlugins } from './runtime-store-sync.ts'

const clock = { now: () => new Date(), sleep: async () => {} }
const supervisionOf = (store: Store) => createSupervisionService({ store, clock })
const { setup } = runtimeFixture()

/** Puts a plugin row in the store as a finished install task would leave it. */
async function seed(store: Store, plugin: Plugin): Promise<void> {
  const task = { ...makeTask(`t-${plugin.id}`, [plugin.id]), workspaceId: WS }
  const created = await store.createTask(task, [{ pluginId: plugin.id, create: plugin }])
  if (!created.ok) throw new Error(created.code)
  const item = task.items[0]
  if (item) await store.updateTaskItem(WS, task.id, item.id, { status: 'success' })
}

describe('the runtime and the store, glued in server/wiring', () => {
  test('a plugin the supervisor gives up on goes ready → error with the reason persisted', async () => {
    const changes = createMemoryChangeFeed()
    const store = publishingStore(createMemoryStore(), changes)
    const kinds: string[] = []
    changes.subscribe(WS, null, (event) => {
      if (event.type === 'runtime') kinds.push(event.data.kind)
    })
    const supervision = createSupervisionService({ store, clock, changes })
    const { onPluginFailed, onPluginState, onEvent } = processRuntimeCallbacks(
      supervisionReports(supervision),
      () => new Date(),
    )
    const {
      runtime,
      install,
      events: supervisorEvents,
    } = await setup({
      supervision: { backoffInitialMs: 20, backoffMaxMs: 200, maxConsecutiveCrashes: 3 },
      onPluginFailed,
      onPluginState,
    })
    const ctx = await install('plugboard/crashy', '1.0.0', { worker: { crashAfterMs: 20 } })
    await seed(store, { ...ctx.plugin, status: 'ready', health: 'healthy' })
    await runtime.start(ctx)
    await eventually(async () => (await store.getPlugin(WS, ctx.plugin.id))?.status === 'error', 10_000)
    const plugin = await store.getPlugin(WS, ctx.plugin.id)
    expect(plugin?.health).toBe('failed')
    expect(plugin?.lastError).toMatch(
      /^crashed 3 times in a row; last: the worker exited unexpectedly \(exit code 3\)/,
    )
    const events = await store.listEvents(WS, ctx.plugin.id, 1, 50)
    expect(events.items.at(-1)).toMatchObject({ from: 'ready', to: 'error', actor: 'supervisor' })
    for (const { pluginId, event } of supervisorEvents) onEvent(WS, pluginId, event)
    // The live console hears each crash, the restarts scheduled in between, and the give-up.
    expect(kinds.filter((kind) => kind === 'crash')).toHaveLength(3)
    expect(kinds.filter((kind) => kind === 'restart-scheduled')).toHaveLength(2)
    expect(kinds).toContain('failed')
  })

  test('at server start every ready plugin is started again; one that cannot start goes error', async () => {
    const store = createMemoryStore()
    const { runtime, install, dataDir } = await setup()
    const hello = await install('plugboard/hello', '1.0.0')
    await seed(store, { ...hello.plugin, status: 'ready' })
    await seed(store, { ...pluginRow('plugboard/crashy', '1.0.0'), status: 'ready' }) // no files on disk
    await seed(store, { ...pluginRow('plugboard/module-error', '1.0.0'), status: 'disabled' })
    const progress: unknown[] = []
    const start = runtime.start.bind(runtime)
    let healthWhileStarting: unknown
    vi.spyOn(runtime, 'start').mockImplementation(async (ctx) => {
      if (ctx.plugin.id === hello.plugin.id)
        healthWhileStarting = (await store.getPlugin(WS, hello.plugin.id))?.health
      return start(ctx)
    })
    const result = await restartReadyPlugins({
      store,
      runtime,
      supervision: supervisionOf(store),
      pluginsRoot: join(dataDir, 'plugins'),
      onProgress: (step) => progress.push(step),
    })
    expect(result).toEqual({ started: 1, failed: 1 })
    // Marked as starting before its worker starts, so the console shows it so meanwhile.
    expect(healthWhileStarting).toBe('recovering')
    expect(progress[0]).toEqual({ starting: 2, started: 0, failed: 0 })
    expect(progress.at(-1)).toEqual({ starting: 0, started: 1, failed: 1 })
    expect(runtime.info(WS, hello.plugin.id)?.pid).toBeGreaterThan(0)
    expect(await store.getPlugin(WS, hello.plugin.id)).toMatchObject({ status: 'ready', health: 'healthy' })
    const crashy = await store.getPlugin(WS, 'plugboard-crashy')
    expect(crashy).toMatchObject({ status: 'error', health: 'failed' })
    expect(crashy?.lastError).toMatch(/has no installed version/)
    expect(runtime.info(WS, 'plugboard-module-error')).toBeNull()
  })

  test('in cluster mode a ready plugin whose current version has no files on this node is left to the node that has them', async () => {
    const store = createMemoryStore()
    const { runtime, install, dataDir } = await setup()
    const hello = await install('plugboard/hello', '1.0.0')
    // Upgraded on another node: this node still has 1.0.0 only.
    await seed(store, { ...hello.plugin, version: '1.1.0', status: 'ready' })
    await seed(store, { ...pluginRow('plugboard/crashy', '1.0.0'), status: 'ready' }) // no files here
    // Its files are here: it starts, and the stopped node's word that nothing runs it goes.
    const chatty = await install('plugboard/chatty', '1.0.0')
    await seed(store, {
      ...chatty.plugin,
      status: 'ready',
      lastError: 'Node node-b stopped: no node runs this plugin now.',
    })
    const asked: string[] = []
    const result = await restartReadyPlugins({
      store,
      runtime,
      supervision: supervisionOf(store),
      pluginsRoot: join(dataDir, 'plugins'),
      mayStart: async (_workspaceId, pluginId) => {
        asked.push(pluginId)
        return true
      },
    })
    expect(result).toEqual({ started: 1, failed: 0 })
    expect(asked).toEqual([chatty.plugin.id])
    expect(await store.getPlugin(WS, chatty.plugin.id)).toMatchObject({ health: 'healthy', lastError: null })
    // Not placed here, not started with the wrong version, not sent to error for want of files.
    expect(runtime.info(WS, hello.plugin.id)).toBeNull()
    expect(await store.getPlugin(WS, hello.plugin.id)).toMatchObject({ status: 'ready', lastError: null })
    expect(await store.getPlugin(WS, 'plugboard-crashy')).toMatchObject({ status: 'ready', lastError: null })
  })

  test('a stop while ready plugins start cancels the one loading, which stays ready (not error)', async () => {
    const store = createMemoryStore()
    const { runtime, install, dataDir, events } = await setup({ timeouts: { loadMs: 30_000 } })
    const hello = await install('plugboard/hello', '1.0.0')
    const slow = await install('plugboard/slow-loader', '1.0.0', { warmup: { loadDelayMs: 60_000 } })
    await seed(store, { ...hello.plugin, status: 'ready' })
    await seed(store, { ...slow.plugin, status: 'ready' })
    const stopping = new AbortController()
    const restarting = restartReadyPlugins({
      store,
      runtime,
      supervision: supervisionOf(store),
      pluginsRoot: join(dataDir, 'plugins'),
      signal: stopping.signal,
      // One at a time: Hello has started before Slow Loader begins loading.
      concurrency: 1,
    })
    await eventually(() => events.some((e) => e.pluginId === slow.plugin.id && e.event.type === 'spawned'))
    stopping.abort()
    expect(await restarting).toEqual({ started: 1, failed: 0 })
    expect(runtime.info(WS, slow.plugin.id)).toBeNull()
    // Not left `recovering`: no worker runs, and none will until someone starts it.
    const stopped = await store.getPlugin(WS, slow.plugin.id)
    expect(stopped).toMatchObject({ status: 'ready', lastError: null, health: 'unknown' })
    expect(stopped?.modules.every((module) => module.status === 'stopped')).toBe(true)
  })

  test('a plugin a task took over meanwhile is skipped and not left recovering when the task ends', async () => {
    const store = createMemoryStore()
    const { runtime, install, dataDir } = await setup()
    const hello = await install('plugboard/hello', '1.0.0')
    const other = await install('plugboard/module-error', '1.0.0')
    await seed(store, { ...hello.plugin, status: 'ready', health: 'healthy' })
    await seed(store, { ...other.plugin, status: 'ready', health: 'healthy' })
    const task = { ...makeTask('t-admin', [other.plugin.id]), workspaceId: WS }
    const start = runtime.start.bind(runtime)
    vi.spyOn(runtime, 'start').mockImplementation(async (ctx) => {
      // While the first plugin starts, an admin's task claims the other one.
      if (ctx.plugin.id === hello.plugin.id && !(await store.getTask(WS, task.id))) {
        const claimed = await store.createTask(task, [{ pluginId: other.plugin.id, expectStatus: 'ready' }])
        expect(claimed.ok).toBe(true)
      }
      return start(ctx)
    })
    const result = await restartReadyPlugins({
      store,
      runtime,
      supervision: supervisionOf(store),
      pluginsRoot: join(dataDir, 'plugins'),
      concurrency: 1,
    })
    expect(result).toEqual({ started: 1, failed: 0 })
    // The task is cancelled while pending: it writes no health.
    await store.updateTaskItem(WS, task.id, task.items[0]?.id ?? '', { status: 'cancelled' })
    const skipped = await store.getPlugin(WS, other.plugin.id)
    expect(skipped).toMatchObject({ status: 'ready', activeTaskId: null })
    expect(skipped?.health).not.toBe('recovering')
    expect(runtime.info(WS, other.plugin.id)).toBeNull()
  })
})
