import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { FsCatalog } from './fs-catalog.ts'

const root = fileURLToPath(new URL('../../catalog', import.meta.url))

function catalog() {
  const warnings: string[] = []
  return { catalog: new FsCatalog({ root, warn: (m) => warnings.push(m) }), warnings }
}

describe('the file catalog', () => {
  test('lists the sample plugins with their versions newest first', async () => {
    const { catalog: c } = catalog()
    const entries = await c.list({})
    const hello = entries.find((e) => e.pluginId === 'plugboard/hello')
    expect(hello?.versions.map((v) => v.version)).toEqual(['2.0.0', '1.1.0', '1.0.0'])
    expect(hello?.latestVersion).toBe('2.0.0')
    expect(hello?.versions[0]?.capabilities).toEqual(['logs:write', 'network:outbound'])
    expect(hello?.versions[0]?.changelog).toMatch(/network:outbound/)
    expect(entries.map((e) => e.pluginId)).toEqual(
      expect.arrayContaining(['plugboard/crashy', 'plugboard/never-loads', 'plugboard/hang-on-destroy']),
    )
  })

  test('a broken manifest is listed from what can be read, with a warning, and resolves', async () => {
    const { catalog: c, warnings } = catalog()
    const entries = await c.list({})
    expect(entries.find((e) => e.pluginId === 'plugboard/broken-manifest')).toMatchObject({
      name: 'plugboard/broken-manifest', // its manifest's name is empty
      latestVersion: '1.0.0',
      versions: [{ version: '1.0.0' }],
    })
    expect(warnings.join('\n')).toMatch(
      /plugboard\/broken-manifest@1\.0\.0: .*version: must be a semantic version/,
    )
    const info = await c.resolve('plugboard/broken-manifest', '1.0.0')
    expect(info?.pluginId).toBe('plugboard/broken-manifest')
    expect(info?.source.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  test('searches by text and filters by category', async () => {
    const { catalog: c } = catalog()
    expect((await c.list({ q: 'HELLO' })).map((e) => e.pluginId)).toEqual(['plugboard/hello'])
    const testing = await c.list({ category: 'testing' })
    expect(testing.length).toBeGreaterThan(3)
    expect(testing.every((e) => e.categories.includes('testing'))).toBe(true)
  })

  test('resolves one version to a package with a stable checksum; unknown versions are null', async () => {
    const { catalog: c } = catalog()
    const first = await c.resolve('plugboard/hello', '1.1.0')
    expect(first).toMatchObject({
      pluginId: 'plugboard/hello',
      version: '1.1.0',
      capabilities: ['logs:write'],
      modules: [
        { id: 'greeter', name: 'Greeter', type: 'service' },
        { id: 'clock', name: 'Clock', type: 'background' },
      ],
      source: { type: 'marketplace', packageId: null },
    })
    expect((await c.resolve('plugboard/hello', '1.1.0'))?.source.sha256).toBe(first?.source.sha256)
    expect(await c.resolve('plugboard/hello', '9.9.9')).toBeNull()
    expect(await c.get('plugboard/nope')).toBeNull()
  })
})
