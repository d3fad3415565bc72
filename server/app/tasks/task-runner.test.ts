import { afterEach, expect, test, vi } from 'vitest'
import { STEP, setupTestApp } from '../app.test-helpers.ts'
import { taskRunnerFor } from './task-runner.ts'

afterEach(() => {
  vi.useRealTimers()
})

const items = [
  ['acme/hello-world', '1.0.0'],
  ['acme/weather', '1.0.0'],
  ['acme/metrics', '1.1.0'],
  ['acme/translator', '0.3.0'],
  ['acme/audit-log', '1.0.0'],
].map(([pluginId, version]) => ({ source: 'marketplace', pluginId, version }))

test.each([1, 2, 4])(
  'at most %i items run at once; the others wait pending, in order',
  async (concurrency) => {
    const t = setupTestApp({ concurrency })
    const { task } = await t.json(t.post('/installs', { items }))
    await t.advance(STEP / 2)
    const statuses = (await t.task(task.id)).items.map((item) => item.status)
    expect(statuses).toEqual(items.map((_, index) => (index < concurrency ? 'running' : 'pending')))
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ status: 'success', counts: { succeeded: 5, total: 5 } })
  },
)

test('the runner sets startedAt and finishedAt from the clock', async () => {
  const t = setupTestApp()
  const { task } = await t.install('acme/hello-world', '1.0.0')
  expect(task.items[0]?.startedAt).toBe('2026-03-01T12:00:00.000Z')
  expect(task.items[0]?.finishedAt).toBe(
    new Date(Date.parse('2026-03-01T12:00:00.000Z') + 5 * STEP).toISOString(),
  )
  expect(task.finishedAt).toBe(task.items[0]?.finishedAt)
})

test('at the drain deadline each running item ends as recovery would, and its operation writes nothing more', async () => {
  const t = setupTestApp()
  const runner = taskRunnerFor(t.deps)
  const install = async (pluginId: string) =>
    (await t.json(t.post('/installs', { items: [{ source: 'marketplace', pluginId, version: '1.0.0' }] })))
      .task
  const loading = await install('acme/hello-world')
  await t.advance(STEP * 3)
  const fetching = await install('acme/weather')
  await t.advance(STEP * 1.5)
  expect((await t.task(loading.id)).items[0]?.step).toBe('load')
  expect((await t.task(fetching.id)).items[0]?.step).toBe('verify')

  const drained = runner.drain()
  expect(await runner.interrupt()).toEqual({ interrupted: 1, resumeLater: 1 })
  await t.settle()
  await drained

  // `load` is not safe to repeat: INTERRUPTED now, and the load finishing later changed nothing.
  const loadingEnd = await t.task(loading.id)
  expect(loadingEnd).toMatchObject({ status: 'failed' })
  expect(loadingEnd.items[0]?.error).toMatchObject({ code: 'INTERRUPTED' })
  expect(await t.plugin('acme/hello-world')).toMatchObject({ status: 'error', activeTaskId: null })
  // `verify` is: the item stays for the next start to resume, exactly where it was cut off.
  expect(await t.task(fetching.id)).toMatchObject({
    status: 'running',
    items: [{ status: 'running', step: 'verify' }],
  })
  expect(await t.plugin('acme/weather')).toMatchObject({ status: 'installed' })
})
