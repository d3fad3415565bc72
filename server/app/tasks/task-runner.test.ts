import { afterEach, expect, test, vi } from 'vitest'
import { STEP, setupTestApp } from '../app.test-helpers.ts'

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
