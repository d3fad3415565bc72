import { expect, test } from 'vitest'
import { ENDPOINTS, pathTo } from './endpoints.ts'

test('a path fills every parameter, URL-encoded', () => {
  expect(pathTo('getMe', {})).toBe('/api/auth/me')
  expect(pathTo('getPlugin', { ws: 'default', id: 'plg_1' })).toBe('/api/workspaces/default/plugins/plg_1')
  expect(pathTo('getMarketplaceEntryById', { ws: 'a b', pluginId: 'acme/hello' })).toBe(
    '/api/workspaces/a%20b/marketplace/acme%2Fhello',
  )
  expect(pathTo('cancelTask', { ws: 'w', taskId: 'task_1' })).toBe('/api/workspaces/w/tasks/task_1/cancel')
})

test('each method and path is in the table once, and every id is a camelCase operationId', () => {
  const keys = Object.values(ENDPOINTS).map(({ method, path }) => `${method} ${path}`)
  expect(new Set(keys).size).toBe(keys.length)
  for (const id of Object.keys(ENDPOINTS)) expect(id).toMatch(/^[a-z][A-Za-z]+$/)
})
