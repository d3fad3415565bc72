import { afterEach, describe, expect, test, vi } from 'vitest'
import { SOURCE_DEADLINE_MS } from '#server/app/services/marketplace-service.ts'
import { DEMO_PLUGINS } from '#server/simulated/demo-catalog-data.ts'
import { setupTestApp, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

const PUBLIC = 'https://public.registry.test'
const PRIVATE = 'https://private.registry.test'
const DOWN = 'https://down.registry.test'
const HANGING = 'https://hanging.registry.test'

function setup() {
  return setupTestApp({
    registries: {
      [PUBLIC]: { plugins: DEMO_PLUGINS.slice(0, 2) },
      [PRIVATE]: { plugins: DEMO_PLUGINS.slice(2, 3), token: 'private-token' },
      [DOWN]: { plugins: [], down: true },
      [HANGING]: { plugins: DEMO_PLUGINS.slice(0, 1), hangs: true },
    },
  })
}

describe('…/sources', () => {
  test('the local catalog is always there; a registry is added with a write-only token', async () => {
    const t = setup()
    expect((await t.json(t.get('/sources'))).items).toEqual([
      expect.objectContaining({ id: 'catalog', kind: 'catalog', hasToken: false }),
    ])
    const response = await t.post('/sources', { name: 'Company', url: `${PRIVATE}/`, token: 'private-token' })
    expect(response.status).toBe(201)
    const added = await response.json()
    expect(added).toMatchObject({ kind: 'registry', url: PRIVATE, hasToken: true })
    expect(JSON.stringify(added)).not.toContain('private-token')
    const listed = await t.json(t.get('/sources'))
    expect(JSON.stringify(listed)).not.toContain('private-token')
    const [stored] = await t.deps.sources.store.list(WS)
    expect(stored?.sealedToken).toMatch(/^v1:/)
    expect(stored?.sealedToken).not.toContain('private-token')
    const audit = await t.deps.accounts.listAudit(WS, { page: 1, pageSize: 50, action: 'source.add' })
    expect(audit.items).toHaveLength(1)
    expect(JSON.stringify(audit.items)).not.toContain('private-token')
  })

  test('refuses a bad URL (400), the same registry twice (409), removing the catalog (409) or an unknown one (404)', async () => {
    const t = setup()
    expect((await t.post('/sources', { name: 'x', url: 'ftp://example.test' })).status).toBe(400)
    expect((await t.post('/sources', { name: 'x', url: PUBLIC, extra: true })).status).toBe(400)
    expect((await t.post('/sources', { name: 'x', url: PUBLIC })).status).toBe(201)
    expect((await t.post('/sources', { name: 'y', url: PUBLIC })).status).toBe(409)
    expect((await t.del('/sources/catalog')).status).toBe(409)
    expect((await t.del('/sources/src_nope')).status).toBe(404)
    const { items } = await t.json(t.get('/sources'))
    expect((await t.del(`/sources/${items[1].id}`)).status).toBe(204)
    expect((await t.json(t.get('/sources'))).items).toHaveLength(1)
  })
})

describe('the marketplace across sources', () => {
  test('lists every source; a registry that is down is named in problems while the others still answer', async () => {
    const t = setup()
    const pub = await t.json(t.post('/sources', { name: 'Public', url: PUBLIC }))
    const down = await t.json(t.post('/sources', { name: 'Down', url: DOWN }))
    const list = await t.json(t.get('/marketplace'))
    expect(list.problems).toEqual([
      expect.objectContaining({ sourceId: down.id, name: 'Down', code: 'REGISTRY_UNREACHABLE' }),
    ])
    const fromRegistry = list.items.filter((entry: { sourceId: string }) => entry.sourceId === pub.id)
    expect(fromRegistry).toHaveLength(2)
    expect(
      list.items.filter((entry: { sourceId: string }) => entry.sourceId === 'catalog').length,
    ).toBeGreaterThan(5)
    const only = await t.json(t.get(`/marketplace?sourceId=${pub.id}`))
    expect(only.items).toHaveLength(2)
  })

  test('a registry that never answers holds the list back for the deadline only', async () => {
    const t = setup()
    const hanging = await t.json(t.post('/sources', { name: 'Hanging', url: HANGING }))
    const answers: { items: { sourceId: string }[]; problems: { sourceId: string }[] }[] = []
    const pending = t.json(t.get('/marketplace')).then((list) => answers.push(list))
    // The request reaches the registries after the session check (real crypto, not fake time).
    await vi.waitFor(() => expect(vi.getTimerCount()).toBeGreaterThan(0), { interval: 1 })
    await t.advance(SOURCE_DEADLINE_MS - 100)
    expect(answers).toEqual([])
    await t.advance(200)
    await pending
    const [answered] = answers
    expect(answered?.problems).toEqual([
      expect.objectContaining({ sourceId: hanging.id, code: 'REGISTRY_UNREACHABLE' }),
    ])
    expect(answered?.items.some((entry) => entry.sourceId === 'catalog')).toBe(true)
  })

  test('installs from a registry: the row keeps the resolved version, integrity and tarball', async () => {
    const t = setup()
    const pub = await t.json(t.post('/sources', { name: 'Public', url: PUBLIC }))
    const pluginId = DEMO_PLUGINS[0]?.entry.pluginId ?? ''
    const { task } = await t.json(
      t.post('/installs', {
        items: [{ source: 'marketplace', pluginId, version: '1.0.0', sourceId: pub.id }],
      }),
    )
    await t.settle()
    expect((await t.task(task.id)).status).toBe('success')
    const plugin = await t.plugin(pluginId)
    expect(plugin).toMatchObject({ status: 'ready', version: '1.0.0' })
    expect(plugin?.source).toMatchObject({
      type: 'registry',
      sourceId: pub.id,
      integrity: expect.stringMatching(/^sha512-/),
    })
    const entry = await t.json(t.get(`/marketplace/${pluginId}?sourceId=${pub.id}`))
    expect(entry.installedVersion).toBe('1.0.0')
  })

  test("a registry plugin's settings come from the manifest kept at install, even with its registry down", async () => {
    const registryOnly = {
      entry: {
        ...structuredClone(DEMO_PLUGINS[0]?.entry),
        pluginId: 'corp/registry-only',
        name: 'Registry Only',
      },
      modules: [
        {
          id: 'greeter',
          name: 'Greeter',
          type: 'service',
          configSchema: {
            type: 'object',
            properties: { greeting: { type: 'string', default: 'Hi from corp' } },
          },
        },
      ],
    } as (typeof DEMO_PLUGINS)[number]
    const corp = { plugins: [registryOnly] as (typeof DEMO_PLUGINS)[number][], down: false }
    const t = setupTestApp({ registries: { [PUBLIC]: corp } })
    const pub = await t.json(t.post('/sources', { name: 'Corp', url: PUBLIC }))
    const { task } = await t.json(
      t.post('/installs', {
        items: [
          { source: 'marketplace', pluginId: 'corp/registry-only', version: '1.0.0', sourceId: pub.id },
        ],
      }),
    )
    await t.settle()
    expect((await t.task(task.id)).status).toBe('success')
    const plugin = await t.plugin('corp/registry-only')
    corp.down = true
    const config = await t.json(t.get(`/plugins/${plugin?.id}/config`))
    expect(config.modules).toEqual([
      expect.objectContaining({ id: 'greeter', values: { greeting: 'Hi from corp' } }),
    ])
  })

  test('a registry that refuses the token fails the item with its code and leaves no plugin behind', async () => {
    const t = setup()
    const wrong = await t.json(t.post('/sources', { name: 'Company', url: PRIVATE, token: 'wrong' }))
    const pluginId = DEMO_PLUGINS[2]?.entry.pluginId ?? ''
    const response = await t.post('/installs', {
      items: [
        {
          source: 'marketplace',
          pluginId,
          version: DEMO_PLUGINS[2]?.entry.latestVersion,
          sourceId: wrong.id,
        },
      ],
    })
    expect(response.status).toBe(202)
    const { task } = await response.json()
    await t.settle()
    expect((await t.task(task.id)).items[0]).toMatchObject({
      status: 'failed',
      error: { code: 'REGISTRY_UNAUTHORIZED' },
    })
    expect(await t.plugin(pluginId)).toBeNull()
  })
})
