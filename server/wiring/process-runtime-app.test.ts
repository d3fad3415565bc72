import { describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { signedIn } from '#server/app/app.test-helpers.ts'
import { createApp } from '#server/app/create-app.ts'
import { checkedRequest } from '#server/app/openapi/response-check.test-helpers.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { createMemoryAccountStore } from '#server/memory/memory-account-store.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { createPbkdf2Hasher } from '#server/memory/pbkdf2-hasher.ts'
import { eventually, isAlive, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'
import { scaled } from '#tests/support/time-factor.ts'

const { setup } = runtimeFixture()

/** The real API over the memory store, the process runtime and the file catalog. */
async function realApp(options: Parameters<typeof setup>[0] = {}) {
  const env = await setup(options)
  let sequence = 0
  const store = createMemoryStore()
  const deps = {
    store,
    runtime: env.runtime,
    catalog: env.catalog,
    clock: createSystemClock(),
    newId: (prefix: string) => `${prefix}_${String(++sequence).padStart(6, '0')}`,
    accounts: createMemoryAccountStore(),
    hasher: createPbkdf2Hasher({ iterations: 1_000 }),
  }
  const app = { request: checkedRequest(createApp(deps)) }
  const session = 'runtime-test-owner'
  await seedAccount(deps, {
    workspaceId: WS,
    email: 'owner@plugboard.test',
    name: 'Owner',
    role: 'owner',
    sessionToken: session,
  })
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(
      `/api/workspaces/${WS}${path}`,
      signedIn(
        {
          method,
          ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
        },
        session,
      ),
    )
    return { status: response.status, body: await response.json() }
  }
  const finished = async (task: Task): Promise<Task> => {
    let latest = task
    await eventually(async () => {
      latest = (await call('GET', `/tasks/${task.id}`)).body as Task
      return latest.status !== 'pending' && latest.status !== 'running'
    }, 10_000)
    return latest
  }
  return { env, store, call, finished }
}

describe('the API over real worker processes', () => {
  test('install, upgrade, upgrade with approval, uninstall: every task ends and the worker follows', async () => {
    const { env, store, call, finished } = await realApp()
    const install = await call('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    expect(install.status).toBe(202)
    expect((await finished(install.body.task)).status).toBe('success')
    const plugin = (await store.findPluginByRef(WS, 'plugboard/hello')) as Plugin
    expect(plugin).toMatchObject({ status: 'ready', health: 'healthy', version: '1.0.0' })
    const detail = (await call('GET', `/plugins/${plugin.id}`)).body
    expect(detail.runtime.pid).toBeGreaterThan(0)
    const firstPid = detail.runtime.pid as number

    const upgrade = await call('POST', `/plugins/${plugin.id}/upgrade`, { version: '1.1.0' })
    expect((await finished(upgrade.body.task)).status).toBe('success')
    expect(await env.runtime.call(WS, plugin.id, 'greet')).toMatchObject({ version: '1.1.0' })
    expect(isAlive(firstPid)).toBe(false)

    const escalating = await call('POST', `/plugins/${plugin.id}/upgrade`, { version: '2.0.0' })
    expect((await finished(escalating.body.task)).status).toBe('success')
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({
      status: 'upgrade_pending',
      pendingUpgrade: { version: '2.0.0', addedCapabilities: ['network:outbound'] },
    })
    expect(env.runtime.info(WS, plugin.id)).toBeNull() // the worker stays stopped while waiting

    const approve = await call('POST', `/plugins/${plugin.id}/upgrade/approve`)
    expect((await finished(approve.body.task)).status).toBe('success')
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({ status: 'ready', version: '2.0.0' })
    expect(await env.runtime.call(WS, plugin.id, 'greet')).toMatchObject({ version: '2.0.0' })

    const pid = env.runtime.info(WS, plugin.id)?.pid ?? 0
    const uninstall = await call('DELETE', `/plugins/${plugin.id}?purge=true`)
    expect((await finished(uninstall.body.task)).status).toBe('success')
    expect(isAlive(pid)).toBe(false)
  })

  test('rejecting an escalating upgrade keeps the previous version running', async () => {
    const { env, store, call, finished } = await realApp()
    const install = await call('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.1.0' }],
    })
    expect((await finished(install.body.task)).status).toBe('success')
    const plugin = (await store.findPluginByRef(WS, 'plugboard/hello')) as Plugin
    const upgrade = await call('POST', `/plugins/${plugin.id}/upgrade`, { version: '2.0.0' })
    expect((await finished(upgrade.body.task)).status).toBe('success')
    expect((await store.getPlugin(WS, plugin.id))?.status).toBe('upgrade_pending')

    const reject = await call('POST', `/plugins/${plugin.id}/upgrade/reject`)
    expect((await finished(reject.body.task)).status).toBe('success')
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({
      status: 'ready',
      version: '1.1.0',
      pendingUpgrade: null,
    })
    expect(await env.runtime.call(WS, plugin.id, 'greet')).toMatchObject({ version: '1.1.0' })
  })

  test('a new version that cannot start is rolled back by itself: the old one runs again', async () => {
    const { env, store, call, finished } = await realApp()
    const install = await call('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/bad-upgrade', version: '1.0.0' }],
    })
    expect((await finished(install.body.task)).status).toBe('success')
    const plugin = (await store.findPluginByRef(WS, 'plugboard/bad-upgrade')) as Plugin

    const upgrade = await call('POST', `/plugins/${plugin.id}/upgrade`, { version: '1.1.0' })
    const task = await finished(upgrade.body.task)
    expect(task.status).toBe('failed')
    expect(task.items[0]?.error?.detail).toMatch(/the migration is missing/)
    expect(await store.getPlugin(WS, plugin.id)).toMatchObject({ status: 'ready', version: '1.0.0' })
    expect(await env.runtime.call(WS, plugin.id, 'version')).toEqual({ version: '1.0.0' })
    expect(env.runtime.info(WS, plugin.id)?.pid).toBeGreaterThan(0)
  })

  test('installing a broken package fails with PACKAGE_INVALID and leaves no plugin behind', async () => {
    const { store, call, finished } = await realApp()
    const install = await call('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/broken-manifest', version: '1.0.0' }],
    })
    const task = await finished(install.body.task)
    expect(task.status).toBe('failed')
    expect(task.items[0]?.error).toMatchObject({ code: 'PACKAGE_INVALID' })
    expect(task.items[0]?.error?.detail).toMatch(/main: must not contain "\.\."/)
    expect(await store.findPluginByRef(WS, 'plugboard/broken-manifest')).toBeNull()
  })

  test('a plugin whose load times out ends in error with the log tail', async () => {
    const { store, call, finished } = await realApp({ timeouts: { loadMs: scaled(400) } })
    const install = await call('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/never-loads', version: '1.0.0' }],
    })
    const task = await finished(install.body.task)
    expect(task.items[0]?.error).toMatchObject({ code: 'TIMEOUT' })
    const plugin = await store.findPluginByRef(WS, 'plugboard/never-loads')
    expect(plugin?.status).toBe('error')
    expect(plugin?.lastError).toMatch(/waiting for a dependency that never comes/)
  })
})
