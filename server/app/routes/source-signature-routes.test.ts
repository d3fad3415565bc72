import { afterEach, describe, expect, test, vi } from 'vitest'
import { DEMO_PLUGINS } from '#server/simulated/demo-catalog-data.ts'
import { setupTestApp, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

const REGISTRY = 'https://signed.registry.test'
const HELLO = 'acme/hello-world'
const SLOW = 'acme/slow-sync'

/** A registry whose package documents sign hello 1.0.0 and 1.1.0, sign 2.0.0 wrongly, and slow-sync not at all. */
function setup() {
  return setupTestApp({
    registries: {
      [REGISTRY]: {
        plugins: [DEMO_PLUGINS[0], DEMO_PLUGINS[2]].filter((plugin) => plugin !== undefined),
        signatures: {
          [`${HELLO}@1.0.0`]: 'signed',
          [`${HELLO}@1.1.0`]: 'signed',
          [`${HELLO}@2.0.0`]: 'invalid',
        },
        provenance: [`${HELLO}@1.1.0`],
      },
    },
  })
}

type T = ReturnType<typeof setup>

async function installFrom(t: T, sourceId: string, pluginId: string, version: string) {
  const response = await t.post('/installs', {
    items: [{ source: 'marketplace', pluginId, version, sourceId }],
  })
  expect(response.status).toBe(202)
  const { task } = await response.json()
  await t.settle()
  return t.task(task.id)
}

describe('a source’s signature policy', () => {
  test('is off unless chosen, and an admin changes it (200); unknown 404, the catalog 409, a bad value 400', async () => {
    const t = setup()
    const plain = await t.json(t.post('/sources', { name: 'Plain', url: REGISTRY }))
    expect(plain.signaturePolicy).toBe('off')
    const response = await t.send('PATCH', `/sources/${plain.id}`, { signaturePolicy: 'require' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: plain.id, signaturePolicy: 'require' })
    expect((await t.json(t.get('/sources'))).items).toEqual([
      expect.objectContaining({ id: 'catalog', signaturePolicy: 'off' }),
      expect.objectContaining({ id: plain.id, signaturePolicy: 'require' }),
    ])
    expect((await t.send('PATCH', '/sources/src_nope', { signaturePolicy: 'show' })).status).toBe(404)
    expect((await t.send('PATCH', '/sources/catalog', { signaturePolicy: 'show' })).status).toBe(409)
    expect((await t.send('PATCH', `/sources/${plain.id}`, { signaturePolicy: 'always' })).status).toBe(400)
    const audit = await t.deps.accounts.listAudit(WS, { page: 1, pageSize: 50, action: 'source.update' })
    expect(audit.items).toHaveLength(1)
  })

  test('`show`: the marketplace and the update list carry each version’s signature and provenance', async () => {
    const t = setup()
    const source = await t.json(
      t.post('/sources', { name: 'Signed', url: REGISTRY, signaturePolicy: 'show' }),
    )
    const entry = await t.json(t.get(`/marketplace/${HELLO}?sourceId=${source.id}`))
    expect(
      entry.versions.map((v: { version: string; trust: { signature: string } }) => [
        v.version,
        v.trust.signature,
      ]),
    ).toEqual([
      ['2.0.0', 'invalid'],
      ['1.1.0', 'signed'],
      ['1.0.0', 'signed'],
    ])
    expect(entry.versions[1].trust).toMatchObject({ registry: 'signed.registry.test', provenance: true })
    expect((await installFrom(t, source.id, HELLO, '1.0.0')).status).toBe('success')
    const updates = await t.json(t.get('/updates'))
    expect(updates.items).toEqual([
      expect.objectContaining({ version: '2.0.0', trust: expect.objectContaining({ signature: 'invalid' }) }),
    ])
    // An `off` source says nothing about signatures.
    await t.send('PATCH', `/sources/${source.id}`, { signaturePolicy: 'off' })
    const off = await t.json(t.get(`/marketplace/${HELLO}?sourceId=${source.id}`))
    expect(off.versions[0].trust).toBeUndefined()
  })

  test('`require`: an unsigned or invalidly signed version fails its install item with SIGNATURE_INVALID and leaves nothing', async () => {
    const t = setup()
    const source = await t.json(
      t.post('/sources', { name: 'Signed', url: REGISTRY, signaturePolicy: 'require' }),
    )
    const unsigned = await installFrom(t, source.id, SLOW, '1.2.0')
    expect(unsigned.items[0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'SIGNATURE_INVALID',
        message: expect.stringContaining('is not signed by signed.registry.test'),
      },
    })
    expect(await t.plugin(SLOW)).toBeNull()
    const invalid = await installFrom(t, source.id, HELLO, '2.0.0')
    expect(invalid.items[0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'SIGNATURE_INVALID',
        message: expect.stringContaining('signature of @acme/hello-world@2.0.0 is invalid'),
      },
    })
    expect(await t.plugin(HELLO)).toBeNull()
    expect((await installFrom(t, source.id, HELLO, '1.0.0')).status).toBe('success')
    expect(await t.plugin(HELLO)).toMatchObject({ status: 'ready', version: '1.0.0' })
  })

  test('`require`: an update to a badly signed version fails and the plugin stays on its version; a signed one updates', async () => {
    const t = setup()
    const source = await t.json(
      t.post('/sources', { name: 'Signed', url: REGISTRY, signaturePolicy: 'require' }),
    )
    await installFrom(t, source.id, HELLO, '1.0.0')
    const plugin = await t.plugin(HELLO)
    const refused = await t.json(t.post('/updates', { items: [{ pluginId: plugin?.id, version: '2.0.0' }] }))
    await t.settle()
    expect((await t.task(refused.task.id)).items[0]).toMatchObject({
      status: 'failed',
      error: { code: 'SIGNATURE_INVALID' },
    })
    expect(await t.plugin(HELLO)).toMatchObject({ status: 'ready', version: '1.0.0' })
    const signed = await t.json(t.post('/updates', { items: [{ pluginId: plugin?.id, version: '1.1.0' }] }))
    await t.settle()
    expect((await t.task(signed.task.id)).status).toBe('success')
    expect(await t.plugin(HELLO)).toMatchObject({ status: 'ready', version: '1.1.0' })
  })
})
