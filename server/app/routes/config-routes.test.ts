import { afterEach, describe, expect, test, vi } from 'vitest'
import { setupAuthApp } from '#server/app/auth/auth.test-helpers.ts'
import { DEMO_PLUGINS } from '#server/simulated/demo-catalog-data.ts'
import { setupTestApp, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

const SECRET = 'tok-4f9a1c77e2b8'

async function configuredHello(options: Parameters<typeof setupTestApp>[0] = {}) {
  const t = setupTestApp(options)
  const { plugin } = await t.install('acme/hello-world', '1.0.0')
  const id = plugin?.id ?? ''
  const put = async (body: unknown) => {
    const response = await t.app.request(`${t.base}/plugins/${id}/config`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    const json = await response.json()
    if (json.task) await t.settle()
    return { status: response.status, body: json, task: json.task ? await t.task(json.task.id) : null }
  }
  const config = () => t.json(t.get(`/plugins/${id}/config`))
  const history = () => t.json(t.get(`/plugins/${id}/config/history`))
  return { t, id, put, config, history }
}

describe('GET /plugins/:id/config', () => {
  test('a fresh install runs with the schema defaults, version 1, the secret not set', async () => {
    const { config } = await configuredHello()
    expect(await config()).toEqual({
      version: 1,
      modules: [
        {
          id: 'greeter',
          name: 'Greeter',
          schema: expect.objectContaining({ type: 'object' }),
          values: { greeting: 'Hello', locale: 'en' },
          secrets: { apiToken: false },
        },
      ],
    })
  })
})

describe('PUT /plugins/:id/config', () => {
  test('every problem is listed as path: message in a 400, and no task exists', async () => {
    const { t, put } = await configuredHello()
    const { status, body } = await put({
      modules: { greeter: { greeting: '', locale: 'English', apiToken: 'short' }, nowhere: {} },
    })
    expect(status).toBe(400)
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        'nowhere: not a module with settings',
        'greeter.greeting: must NOT have fewer than 1 characters',
        'greeter.locale: must match pattern "^[a-z]{2}$"',
        'greeter.apiToken: must NOT have fewer than 8 characters',
      ]),
    )
    expect(JSON.stringify(body)).not.toContain('short')
    const tasks = await t.json(t.get('/tasks'))
    expect(tasks.items.map((task: { kind: string }) => task.kind)).toEqual(['install'])
  })

  test('valid values become a configure task; the secret is then only "set", and kept when left out', async () => {
    const { t, id, put, config, history } = await configuredHello()
    const saved = await put({ modules: { greeter: { greeting: 'Howdy', locale: 'en', apiToken: SECRET } } })
    expect(saved.status).toBe(202)
    expect(saved.task).toMatchObject({
      kind: 'configure',
      status: 'success',
      items: [{ params: { configVersion: 2 } }],
    })
    expect(await config()).toMatchObject({
      version: 2,
      modules: [{ values: { greeting: 'Howdy', locale: 'en' }, secrets: { apiToken: true } }],
    })
    // Absent = keep: a change of the greeting alone leaves the token set.
    await put({ modules: { greeter: { greeting: 'Hi', locale: 'en' } } })
    expect(await config()).toMatchObject({ version: 3, modules: [{ secrets: { apiToken: true } }] })
    const runtimeConfig = await t.deps.configs.current(WS, id)
    expect(runtimeConfig?.sealed.greeter?.apiToken).toMatch(/^v1:/)
    expect(JSON.stringify(runtimeConfig)).not.toContain(SECRET)

    const { items } = await history()
    expect(items.map((entry: { version: number }) => entry.version)).toEqual([3, 2, 1])
    expect(items[1]).toMatchObject({
      version: 2,
      status: 'applied',
      actor: 'owner@plugboard.test',
      changes: [
        { module: 'greeter', field: 'greeting', secret: false },
        { module: 'greeter', field: 'apiToken', secret: true },
      ],
    })
    expect(items[0]).toMatchObject({ current: true, changes: [{ field: 'greeting', secret: false }] })

    // null = clear.
    await put({ modules: { greeter: { greeting: 'Hi', locale: 'en', apiToken: null } } })
    expect(await config()).toMatchObject({ version: 4, modules: [{ secrets: { apiToken: false } }] })
    expect((await history()).items[0].changes).toEqual([
      { module: 'greeter', field: 'apiToken', secret: true },
    ])
  })

  test('the secret appears in no response, event, audit entry or task', async () => {
    const { t, id, put } = await configuredHello()
    const seen: string[] = []
    const saved = await put({ modules: { greeter: { greeting: 'Howdy', apiToken: SECRET } } })
    seen.push(JSON.stringify(saved.body), JSON.stringify(saved.task))
    for (const path of [
      `/plugins/${id}`,
      `/plugins/${id}/config`,
      `/plugins/${id}/config/history`,
      `/plugins/${id}/events`,
      `/plugins/${id}/logs`,
      '/tasks',
      '/audit',
    ]) {
      const response = await t.get(path)
      expect(response.status).toBe(200)
      seen.push(await response.text())
    }
    const audit = JSON.parse(seen.at(-1) ?? '{}')
    expect(audit.items[0]).toMatchObject({ action: 'plugin.configure', details: { taskId: saved.task?.id } })
    for (const text of seen) expect(text).not.toContain(SECRET)
  })

  test('a member sees the values but cannot change them', async () => {
    vi.useFakeTimers()
    const auth = await setupAuthApp()
    const install = await auth.call('owner', 'POST', '/api/workspaces/ws-own/installs', {
      body: { items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }] },
    })
    expect(install.status).toBe(202)
    const pluginId = (await install.json()).task.items[0].pluginId
    await vi.runAllTimersAsync()
    const path = `/api/workspaces/ws-own/plugins/${pluginId}/config`
    expect((await auth.call('member', 'GET', path)).status).toBe(200)
    expect((await auth.call('member', 'GET', `${path}/history`)).status).toBe(200)
    const change = { body: { modules: { greeter: { greeting: 'Yo' } } } }
    expect((await auth.call('member', 'PUT', path, change)).status).toBe(403)
    expect((await auth.call('member', 'POST', `${path}/restore`, { body: { version: 1 } })).status).toBe(403)
  })

  test('a second change while the first runs answers 409 with that task', async () => {
    const { t, id } = await configuredHello()
    const send = () =>
      t.app.request(`${t.base}/plugins/${id}/config`, {
        method: 'PUT',
        body: JSON.stringify({ modules: { greeter: { greeting: 'One' } } }),
        headers: { 'content-type': 'application/json' },
      })
    const first = await (await send()).json()
    const second = await send()
    expect(second.status).toBe(409)
    expect((await second.json()).error).toMatchObject({
      code: 'TASK_ALREADY_ACTIVE',
      details: { taskId: first.task.id },
    })
    await t.settle()
    const { items } = await t.json(t.get(`/plugins/${id}/config/history`))
    expect(items.map((entry: { version: number }) => entry.version)).toEqual([2, 1])
  })
})

describe('a cancelled configure', () => {
  test('leaves the values in force and no trace of its version in the history', async () => {
    const { t, id, config, history } = await configuredHello()
    const response = await t.app.request(`${t.base}/plugins/${id}/config`, {
      method: 'PUT',
      body: JSON.stringify({ modules: { greeter: { greeting: 'Never' } } }),
      headers: { 'content-type': 'application/json' },
    })
    const { task } = await response.json()
    expect((await t.post(`/tasks/${task.id}/cancel`)).status).toBe(200)
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ status: 'cancelled' })
    expect(await config()).toMatchObject({ version: 1, modules: [{ values: { greeting: 'Hello' } }] })
    expect((await history()).items.map((entry: { version: number }) => entry.version)).toEqual([1])
  })
})

describe('POST /plugins/:id/config/check', () => {
  test('lists the problems a save would answer, by the same rules, and stores nothing', async () => {
    const { t, id, config } = await configuredHello()
    const check = (modules: unknown) => t.json(t.post(`/plugins/${id}/config/check`, { modules }))
    expect(await check({ greeter: { greeting: '', apiToken: 'short' } })).toEqual({
      problems: [
        'greeter.greeting: must NOT have fewer than 1 characters',
        'greeter.apiToken: must NOT have fewer than 8 characters',
      ],
    })
    expect(await check({ greeter: { greeting: 'Fine', apiToken: SECRET } })).toEqual({ problems: [] })
    expect(await config()).toMatchObject({ version: 1, modules: [{ secrets: { apiToken: false } }] })
    expect((await t.json(t.get(`/plugins/${id}/config/history`))).items).toHaveLength(1)
  })
})

describe('POST /plugins/:id/config/restore', () => {
  test('an earlier version comes back as a new version, by another configure task', async () => {
    const { t, id, put, config, history } = await configuredHello()
    await put({ modules: { greeter: { greeting: 'Howdy', locale: 'en', apiToken: SECRET } } })
    const response = await t.post(`/plugins/${id}/config/restore`, { version: 1 })
    expect(response.status).toBe(202)
    const { task } = await response.json()
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ kind: 'configure', status: 'success' })
    expect(await config()).toMatchObject({
      version: 3,
      modules: [{ values: { greeting: 'Hello', locale: 'en' }, secrets: { apiToken: false } }],
    })
    expect((await history()).items[0]).toMatchObject({
      version: 3,
      reason: 'restored version 1',
      changes: [
        { field: 'greeting', secret: false },
        { field: 'apiToken', secret: true },
      ],
    })
    expect((await t.post(`/plugins/${id}/config/restore`, { version: 9 })).status).toBe(404)
  })
})

describe('upgrades and stored settings', () => {
  test('an upgrade whose schema refuses the stored values waits in upgrade_pending with the problems', async () => {
    const hello = DEMO_PLUGINS.find((plugin) => plugin.entry.pluginId === 'acme/hello-world')
    if (!hello) throw new Error('the demo catalog has no hello-world')
    const strict = {
      ...hello.modules[0],
      id: 'greeter',
      name: 'Greeter',
      type: 'command',
      configSchema: {
        type: 'object',
        properties: { greeting: { type: 'string', maxLength: 5 }, volume: { type: 'integer', default: 3 } },
      },
    }
    const catalogPlugins = [{ ...hello, versionModules: { '1.1.0': [strict, ...hello.modules.slice(1)] } }]
    const { t, id, put } = await configuredHello({ catalogPlugins })
    await put({ modules: { greeter: { greeting: 'Good morning' } } })
    const response = await t.post(`/plugins/${id}/upgrade`, { version: '1.1.0' })
    await t.settle()
    expect(await t.task((await response.json()).task.id)).toMatchObject({ status: 'success' })
    expect(await t.json(t.get(`/plugins/${id}`))).toMatchObject({
      status: 'upgrade_pending',
      version: '1.0.0',
      pendingUpgrade: {
        version: '1.1.0',
        addedCapabilities: [],
        configProblems: ['greeter.greeting: must NOT have more than 5 characters'],
      },
    })
    // Approving before the settings fit fails and changes nothing.
    const early = await t.post(`/plugins/${id}/upgrade/approve`)
    await t.settle()
    expect(await t.task((await early.json()).task.id)).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'VALIDATION_FAILED' } }],
    })
    // Settings that the new version accepts, then the approval goes through with its defaults.
    expect((await put({ modules: { greeter: { greeting: 'Hey' } } })).task).toMatchObject({
      status: 'success',
    })
    const approve = await t.post(`/plugins/${id}/upgrade/approve`)
    await t.settle()
    expect(await t.task((await approve.json()).task.id)).toMatchObject({ status: 'success' })
    expect(await t.json(t.get(`/plugins/${id}/config`))).toMatchObject({
      modules: [{ values: { greeting: 'Hey', volume: 3 } }],
    })
  })
})
