import { describe, expect, test } from 'vitest'
import { validateManifest } from './manifest-schema.ts'

const valid = {
  id: 'plugboard/hello',
  name: 'Hello',
  version: '1.0.0',
  description: 'Says hello',
  author: 'Plugboard',
  icon: null,
  categories: ['demo'],
  capabilities: ['logs:write'],
  modules: [{ id: 'greeter', name: 'Greeter', type: 'service', configSchema: { type: 'object' } }],
  main: 'index.mjs',
  healthCheck: { intervalMs: 30_000, timeoutMs: 5_000, failureThreshold: 3, successThreshold: 1 },
  timeouts: { loadMs: 30_000, callMs: 60_000, destroyMs: 60_000 },
  minHostVersion: '0.1.0',
}

describe('a plugin manifest', () => {
  test('a complete manifest is accepted', () => {
    const result = validateManifest(valid)
    expect(result).toEqual({ ok: true, manifest: valid })
  })

  test('optional parts may be left out; the icon defaults to null', () => {
    const { icon: _icon, healthCheck: _h, timeouts: _t, ...minimal } = valid
    const result = validateManifest(minimal)
    expect(result.ok && result.manifest.icon).toBe(null)
  })

  test('every problem is listed as path: message', () => {
    const result = validateManifest({
      ...valid,
      id: 'Hello',
      version: '1.0',
      modules: [
        { id: 'a', name: 'A', type: 'service' },
        { id: 'b', name: '' },
      ],
      main: '../escape.js',
      timeouts: { loadMs: 10_000_000 },
      description: undefined,
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id: must look like org\/name/),
        expect.stringMatching(/^version: must be a semantic version/),
        expect.stringMatching(/^description: /),
        expect.stringMatching(/^modules\[1\]\.name: /),
        expect.stringMatching(/^modules\[1\]\.type: /),
        'main: must not contain ".."',
        expect.stringMatching(/^timeouts\.loadMs: /),
      ]),
    )
    expect(result.problems).toHaveLength(7)
  })

  test.each([
    ['/etc/passwd.js', 'must be a relative path'],
    ['C:/x.js', 'must be a relative path'],
    ['lib\\index.js', 'must use forward slashes'],
    ['lib/../../x.js', 'must not contain ".."'],
    ['index.ts', 'must be a .js, .mjs or .cjs file'],
  ])('main %s is refused: %s', (main, message) => {
    expect(validateManifest({ ...valid, main })).toEqual({ ok: false, problems: [`main: ${message}`] })
  })

  test('module ids must be unique and capabilities must not repeat', () => {
    const module = valid.modules[0]
    const result = validateManifest({ ...valid, modules: [module, module], capabilities: ['a', 'a'] })
    expect(result).toEqual({
      ok: false,
      problems: ['capabilities: must not repeat a capability', 'modules: module ids must be unique'],
    })
  })

  test('something that is not an object is one problem at the root', () => {
    expect(validateManifest('nope')).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^\(root\): /)],
    })
  })
})
