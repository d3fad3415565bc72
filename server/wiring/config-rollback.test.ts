import { describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { WS } from '#server/runtime/runtime.test-helpers.ts'
import { realAppFixture } from './real-app.test-helpers.ts'

const realApp = realAppFixture()
const TOKEN = 'tok-real-9c41e0d2'

/** Hello installed and running in a real worker, with a way to change its settings and wait. */
async function runningHello() {
  const app = await realApp()
  const install = await app.call('POST', '/installs', {
    items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
  })
  expect((await app.finished(install.body.task)).status).toBe('success')
  const plugin = (await app.store.findPluginByRef(WS, 'plugboard/hello')) as Plugin
  const configure = async (modules: Record<string, Record<string, unknown>>) => {
    const response = await app.call('PUT', `/plugins/${plugin.id}/config`, { modules })
    expect(response.status).toBe(202)
    return app.finished(response.body.task)
  }
  const greet = () => app.env.runtime.call(WS, plugin.id, 'greet') as Promise<Record<string, unknown>>
  const pid = () => app.env.runtime.info(WS, plugin.id)?.pid
  return { ...app, plugin, configure, greet, pid }
}

describe('configuring a plugin that runs in its own worker', () => {
  test('a module with a config hook takes new values live; a refused value rolls back and it keeps the old ones', async () => {
    const { plugin, call, store, configure, greet, pid } = await runningHello()
    const before = pid()
    const applied = await configure({ greeter: { greeting: 'Bonjour', locale: 'fr', apiToken: TOKEN } })
    expect(applied.status).toBe('success')
    expect(await greet()).toMatchObject({ message: 'Bonjour, world!', locale: 'fr', tokenSet: true })
    expect(pid()).toBe(before) // the hook, not a restart

    const refused = await configure({ greeter: { greeting: 'Hola', locale: 'xx' } })
    expect(refused.status).toBe('failed')
    expect(refused.items[0]?.error?.message).toMatch(
      /module greeter refused the configuration: Error: unsupported locale "xx".*rolled back to version 2/,
    )
    expect(await greet()).toMatchObject({ message: 'Bonjour, world!', locale: 'fr', tokenSet: true })
    expect(pid()).toBe(before)
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({ status: 'ready', health: 'healthy' })
    const config = (await call('GET', `/plugins/${plugin.id}/config`)).body
    expect(config).toMatchObject({ version: 2, modules: [{ values: { greeting: 'Bonjour' } }, {}] })
    const history = (await call('GET', `/plugins/${plugin.id}/config/history`)).body
    expect(history.items[0]).toMatchObject({ version: 3, status: 'failed', current: false })
    const logs = (await call('GET', `/plugins/${plugin.id}/logs`)).body.text as string
    expect(logs).toContain('greeter ready with greeting "Bonjour" (locale fr, token set)')
    expect(logs).not.toContain(TOKEN)
  })

  test('a module without a hook restarts the worker; a value it fails to load with rolls back by restarting', async () => {
    const { plugin, store, configure, greet, pid } = await runningHello()
    const first = pid()
    const applied = await configure({ greeter: { greeting: 'Hallo', locale: 'de' }, clock: { tickMs: 500 } })
    expect(applied.status).toBe('success')
    const second = pid()
    expect(second).not.toBe(first)
    expect(await greet()).toMatchObject({ message: 'Hallo, world!', locale: 'de' })

    const failing = await configure({ greeter: { greeting: 'Ciao', locale: 'xx' }, clock: { tickMs: 250 } })
    expect(failing.status).toBe('failed')
    expect(failing.items[0]?.error).toMatchObject({ code: 'LOAD_FAILED' })
    expect(failing.items[0]?.error?.message).toMatch(
      /module greeter failed to load: Error: unsupported locale "xx".*rolled back to version 2/,
    )
    expect(await greet()).toMatchObject({ message: 'Hallo, world!', locale: 'de' })
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({
      status: 'ready',
      health: 'healthy',
      modules: [
        { id: 'greeter', status: 'running' },
        { id: 'clock', status: 'running' },
      ],
    })
  })
})
