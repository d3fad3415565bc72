import { afterEach, describe, expect, test, vi } from 'vitest'
import { setupTestApp } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('GET /marketplace', () => {
  test('lists the catalog, searchable by q and category', async () => {
    const t = setupTestApp()
    const all = await t.json(t.get('/marketplace'))
    expect(all.items.length).toBeGreaterThanOrEqual(8)
    const ids = (list: { items: { pluginId: string }[] }) => list.items.map((entry) => entry.pluginId)
    expect(ids(await t.json(t.get('/marketplace?q=HELLO')))).toEqual(['acme/hello-world'])
    expect(ids(await t.json(t.get('/marketplace?category=observability')))).toEqual(['acme/metrics'])
  })

  test.each(['/marketplace/acme/hello-world', '/marketplace/acme%2Fhello-world'])(
    '%s answers the entry with its versions',
    async (path) => {
      const t = setupTestApp()
      const entry = await t.json(t.get(path))
      expect(entry).toMatchObject({ pluginId: 'acme/hello-world', latestVersion: '2.0.0', bundle: null })
      expect(entry.versions.map((version: { version: string }) => version.version)).toEqual([
        '2.0.0',
        '1.1.0',
        '1.0.0',
      ])
    },
  )

  test('the starter bundle names its members; an unknown id answers 404', async () => {
    const t = setupTestApp()
    expect((await t.json(t.get('/marketplace/acme/starter-bundle'))).bundle).toEqual([
      { pluginId: 'acme/metrics', version: '1.1.0' },
      { pluginId: 'acme/legacy-bridge', version: '0.9.0' },
    ])
    const response = await t.get('/marketplace/acme/nope')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'unknown plugin acme/nope' },
    })
  })
})
