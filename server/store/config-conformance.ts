import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ConfigStore, ConfigVersion } from '#server/app/config/config-ports.ts'
import type { Store } from '#server/app/ports.ts'
import { seedPlugins } from './store-conformance.ts'
import { makePlugin, WS } from './store-fixtures.ts'

export type MakeConfigStore = () => Promise<{ configs: ConfigStore; store: Store; close(): Promise<void> }>

const PLUGIN = 'plg-config'

const version = (number: number, patch: Partial<ConfigVersion> = {}): ConfigVersion => ({
  workspaceId: WS,
  pluginId: PLUGIN,
  version: number,
  status: 'applied',
  values: { greeter: { greeting: `v${number}`, nested: { list: [1, 2] } } },
  sealed: { greeter: { apiToken: `v1:iv${number}:data` } },
  changes: [{ module: 'greeter', field: 'greeting', secret: false }],
  actor: 'owner@plugboard.test',
  at: new Date(Date.UTC(2026, 2, 1, 12, number)).toISOString(),
  reason: 'configured',
  taskId: `task-${number}`,
  ...patch,
})

/** The behaviour every ConfigStore shares (memory, PGlite, PostgreSQL). */
export function describeConfigConformance(label: string, make: MakeConfigStore): void {
  describe(`ConfigStore conformance: ${label}`, () => {
    let configs: ConfigStore
    let close: () => Promise<void>
    beforeEach(async () => {
      const made = await make()
      ;({ configs, close } = made)
      await seedPlugins(made.store, [makePlugin({ id: PLUGIN, workspaceId: WS, pluginId: 'acme/config' })])
    })
    afterEach(() => close())

    test('the version in force is the newest applied one; pending and failed ones are not', async () => {
      expect(await configs.current(WS, PLUGIN)).toBeNull()
      expect(await configs.lastVersion(WS, PLUGIN)).toBe(0)
      await configs.add(version(1))
      await configs.add(version(2, { status: 'failed' }))
      await configs.add(version(3, { status: 'pending' }))
      expect(await configs.current(WS, PLUGIN)).toEqual(version(1))
      expect(await configs.lastVersion(WS, PLUGIN)).toBe(3)
      await configs.setStatus(WS, PLUGIN, 3, { status: 'applied' })
      expect((await configs.current(WS, PLUGIN))?.version).toBe(3)
    })

    test('a taken version number is refused, and every version reads back as stored, newest first', async () => {
      expect(await configs.add(version(1))).toBe(true)
      expect(await configs.add(version(1, { reason: 'someone else' }))).toBe(false)
      await configs.add(version(2, { taskId: null }))
      expect(await configs.list(WS, PLUGIN)).toEqual([version(2, { taskId: null }), version(1)])
      expect(await configs.get(WS, PLUGIN, 2)).toEqual(version(2, { taskId: null }))
      expect(await configs.get(WS, PLUGIN, 9)).toBeNull()
      expect(await configs.list('ws-other', PLUGIN)).toEqual([])
    })

    test("a version's manifest modules read back as kept; a second save of that version replaces them", async () => {
      const modules = [
        {
          id: 'greeter',
          name: 'Greeter',
          type: 'service',
          configSchema: { type: 'object', required: ['greeting'] },
        },
        { id: 'plain', name: 'Plain', type: 'worker' },
      ]
      expect(await configs.modulesOf(WS, PLUGIN, '1.0.0')).toBeNull()
      await configs.saveModules(WS, PLUGIN, '1.0.0', modules)
      await configs.saveModules(WS, PLUGIN, '1.1.0', [])
      expect(await configs.modulesOf(WS, PLUGIN, '1.0.0')).toEqual(modules)
      expect(await configs.modulesOf(WS, PLUGIN, '1.1.0')).toEqual([])
      await configs.saveModules(WS, PLUGIN, '1.0.0', modules.slice(1))
      expect(await configs.modulesOf(WS, PLUGIN, '1.0.0')).toEqual(modules.slice(1))
      expect(await configs.modulesOf('ws-other', PLUGIN, '1.0.0')).toBeNull()
    })

    test('removeAll forgets every version of the plugin', async () => {
      await configs.add(version(1))
      await configs.removeAll(WS, PLUGIN)
      expect(await configs.list(WS, PLUGIN)).toEqual([])
      expect(await configs.current(WS, PLUGIN)).toBeNull()
    })
  })
}
