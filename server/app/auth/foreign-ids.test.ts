import { expect, test } from 'vitest'
import { FOREIGN_WS, OWN_WS, setupAuthApp } from './auth.test-helpers.ts'

test('ids of another workspace answer 404 with no data, even to an owner', async () => {
  const t = await setupAuthApp()
  const body = { items: [{ source: 'marketplace', pluginId: 'acme/weather', version: '1.0.0' }] }
  const started = await t.call('stranger', 'POST', `/api/workspaces/${FOREIGN_WS}/installs`, { body })
  const { task } = await started.json()
  const pluginId = task.items[0].pluginId
  for (const [method, path] of [
    ['GET', `/plugins/${pluginId}`],
    ['GET', `/plugins/${pluginId}/events`],
    ['POST', `/plugins/${pluginId}/disable`],
    ['DELETE', `/plugins/${pluginId}`],
    ['GET', `/tasks/${task.id}`],
    ['POST', `/tasks/${task.id}/cancel`],
    ['DELETE', `/tasks/${task.id}`],
  ] as const) {
    const response = await t.call('owner', method, `/api/workspaces/${OWN_WS}${path}`)
    expect(response.status, `${method} ${path}`).toBe(404)
    const text = await response.text()
    expect(text).not.toContain('acme/weather')
    expect(Object.keys(JSON.parse(text))).toEqual(['error'])
  }
  expect((await t.deps.store.getTask(FOREIGN_WS, task.id))?.cancelRequested).toBe(false)
})
