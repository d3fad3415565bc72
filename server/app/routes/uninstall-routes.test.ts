import { afterEach, describe, expect, test, vi } from 'vitest'
import { STEP, setupTestApp } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('DELETE /plugins/:id (uninstall)', () => {
  test('soft by default: uninstalled, data kept, the row stays', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    const response = await t.del(`/plugins/${plugin?.id}`)
    expect(response.status).toBe(202)
    const { task } = await response.json()
    expect(task).toMatchObject({ kind: 'uninstall', items: [{ params: { purge: false } }] })
    await t.settle()
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'uninstalled',
      runtime: null,
    })
    const events = await t.json(t.get(`/plugins/${plugin?.id}/events`))
    expect(events.items[0]).toMatchObject({
      from: 'ready',
      to: 'uninstalled',
      reason: 'uninstalled (data kept)',
    })
  })

  test('purge=true deletes the plugin and its timeline', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    await t.del(`/plugins/${plugin?.id}?purge=true`)
    await t.settle()
    expect((await t.get(`/plugins/${plugin?.id}`)).status).toBe(404)
    expect(await t.plugin('acme/weather')).toBeNull()
  })

  test('a soft-uninstalled plugin can still be purged: an uninstall task with purge, then the row is gone', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    await t.del(`/plugins/${plugin?.id}`)
    await t.settle()
    // Uninstalling it softly again has nothing to do: the lifecycle table refuses it.
    const again = await t.del(`/plugins/${plugin?.id}?purge=false`)
    expect(again.status).toBe(409)
    expect((await again.json()).error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { from: 'uninstalled', to: 'uninstalled' },
    })
    const response = await t.del(`/plugins/${plugin?.id}?purge=true`)
    expect(response.status).toBe(202)
    const { task } = await response.json()
    expect(task).toMatchObject({ kind: 'uninstall', items: [{ params: { purge: true } }] })
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ status: 'success', counts: { succeeded: 1, total: 1 } })
    expect((await t.get(`/plugins/${plugin?.id}`)).status).toBe(404)
    expect(await t.plugin('acme/weather')).toBeNull()
  })

  test('an uninstall cancelled while removing files restarts the worker and keeps the plugin ready', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    const { task } = await t.json(t.del(`/plugins/${plugin?.id}?purge=true`))
    await t.advance(STEP * 1.5)
    expect((await t.task(task.id)).items[0]?.step).toBe('remove')
    await t.post(`/tasks/${task.id}/cancel`)
    await t.settle()
    expect((await t.task(task.id)).status).toBe('cancelled')
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'ready',
      runtime: { pid: expect.any(Number) },
    })
  })

  test('purge must be true or false', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/weather', '1.0.0')
    const response = await t.del(`/plugins/${plugin?.id}?purge=yes`)
    expect(response.status).toBe(400)
    expect((await response.json()).error.details[0]).toMatch(/^purge: /)
  })
})
