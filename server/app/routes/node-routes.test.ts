import { afterEach, describe, expect, test, vi } from 'vitest'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import type { NodeList } from '#core/api/node-schemas.ts'
import type { PluginDetail, PluginList } from '#core/api/plugin-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { INSTANCE_WORKSPACE_ID } from '#core/auth/roles.ts'
import { createMemoryDeps } from '#mocks/memory-deps.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import type { MemoryNodes } from '#server/memory/memory-nodes.ts'
import { setupTestApp } from '../app.test-helpers.ts'
import { createApp } from '../create-app.ts'
import { checkedRequest } from '../openapi/response-check.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

type Who = 'owner' | 'admin' | 'member' | 'elsewhere'

/**
 * The app over memory deps: owner, admin and member of the instance workspace, and the owner of a
 * workspace of their own (`elsewhere`); with `cluster`, three pretend nodes.
 */
async function setupNodesApp({ cluster = true } = {}) {
  const deps = createMemoryDeps({ stepMs: 0, cluster })
  const request = checkedRequest(createApp(deps))
  for (const role of ['owner', 'admin', 'member'] as const) {
    await seedAccount(deps, {
      workspaceId: INSTANCE_WORKSPACE_ID,
      email: `${role}@instance.test`,
      name: role,
      role,
      sessionToken: `session-${role}`,
    })
  }
  await seedAccount(deps, {
    workspaceId: 'ws-elsewhere',
    email: 'owner@elsewhere.test',
    name: 'elsewhere',
    role: 'owner',
    sessionToken: 'session-elsewhere',
  })
  const nodes = deps.nodes as MemoryNodes
  if (cluster) {
    nodes.addNode({ name: 'node-a', runningItems: 2 })
    nodes.addNode({ name: 'node-b' })
    nodes.addNode({ name: 'node-c', state: 'lost', heartbeatAgoMs: 60_000 })
  }
  const call = (who: Who, method: string, path: string, body?: unknown) =>
    request(path, {
      method,
      headers: {
        cookie: `${SESSION_COOKIE}=session-${who}`,
        [CSRF_HEADER]: CSRF_HEADER_VALUE,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  return { deps, nodes, call }
}

describe('GET /api/nodes', () => {
  test('lists every node with its state, heartbeat, version, plugins and running items', async () => {
    const t = await setupNodesApp()
    const plugin = await t.deps.store.findPluginByRef(INSTANCE_WORKSPACE_ID, 'acme/hello-world')
    expect(plugin).toBeNull()
    t.nodes.place('ws-elsewhere', 'plg_x', 'node-b')
    const response = await t.call('owner', 'GET', '/api/nodes')
    expect(response.status).toBe(200)
    const list = (await response.json()) as NodeList
    expect(list.clusterMode).toBe(true)
    expect(list.items.map((node) => [node.name, node.state, node.runningItems])).toEqual([
      ['node-a', 'active', 2],
      ['node-b', 'active', 0],
      ['node-c', 'lost', 0],
    ])
    expect(list.items[2]?.heartbeatAgeMs).toBeGreaterThanOrEqual(60_000)
    // The plugin's row is gone from the store, so it is listed on no node.
    expect(list.items[1]?.plugins).toEqual([])
  })

  test('only owners of the instance workspace: admins, members and owners elsewhere get 403', async () => {
    const t = await setupNodesApp()
    for (const who of ['admin', 'member', 'elsewhere'] as const) {
      const response = await t.call(who, 'GET', '/api/nodes')
      expect(response.status, who).toBe(403)
      expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
      expect((await t.call(who, 'POST', '/api/nodes/node-a/drain')).status, who).toBe(403)
    }
    const anonymous = await checkedRequest(createApp(t.deps))('/api/nodes')
    expect(anonymous.status).toBe(401)
  })

  test("an API token, even the instance owner's, cannot list or drain nodes", async () => {
    const t = await setupNodesApp()
    const created = await t.call('owner', 'POST', `/api/workspaces/${INSTANCE_WORKSPACE_ID}/tokens`, {
      name: 'ops',
      role: 'owner',
    })
    expect(created.status).toBe(201)
    const { secret } = await created.json()
    const bearer = (method: string, path: string) =>
      checkedRequest(createApp(t.deps))(path, { method, headers: { authorization: `Bearer ${secret}` } })
    expect((await bearer('GET', '/api/nodes')).status).toBe(403)
    expect((await bearer('POST', '/api/nodes/node-a/drain')).status).toBe(403)
    expect((await bearer('GET', `/api/workspaces/${INSTANCE_WORKSPACE_ID}/plugins`)).status).toBe(200)
  })

  test('a single server (no cluster) answers an empty list and drains nothing', async () => {
    const t = await setupNodesApp({ cluster: false })
    expect(await (await t.call('owner', 'GET', '/api/nodes')).json()).toEqual({
      clusterMode: false,
      items: [],
    })
    expect((await t.call('owner', 'POST', '/api/nodes/node-a/drain')).status).toBe(404)
  })
})

describe('POST /api/nodes/:name/drain', () => {
  test('moves the node’s plugins to the other active nodes and leaves it drained', async () => {
    const t = await setupNodesApp()
    t.nodes.place(INSTANCE_WORKSPACE_ID, 'plg_1', 'node-a')
    const response = await t.call('owner', 'POST', '/api/nodes/node-a/drain')
    expect(response.status).toBe(202)
    expect(await response.json()).toMatchObject({ node: { name: 'node-a', state: 'drained' } })
    expect((await t.nodes.placements(INSTANCE_WORKSPACE_ID)).get('plg_1')).toBe('node-b')
  })

  test('refuses an unknown node (404), one not active (409) and the last active one (409)', async () => {
    const t = await setupNodesApp()
    expect((await t.call('owner', 'POST', '/api/nodes/node-x/drain')).status).toBe(404)
    const lost = await t.call('owner', 'POST', '/api/nodes/node-c/drain')
    expect(lost.status).toBe(409)
    expect(await lost.json()).toMatchObject({ error: { code: 'CONFLICT', message: /not active/ } })
    expect((await t.call('owner', 'POST', '/api/nodes/node-a/drain')).status).toBe(202)
    const last = await t.call('owner', 'POST', '/api/nodes/node-b/drain')
    expect(last.status).toBe(409)
    expect(await last.json()).toMatchObject({ error: { message: /only active node/ } })
  })

  test('a drain is written to the instance workspace’s audit log, naming the node', async () => {
    const t = await setupNodesApp()
    expect((await t.call('owner', 'POST', '/api/nodes/node-a/drain')).status).toBe(202)
    const response = await t.call(
      'owner',
      'GET',
      `/api/workspaces/${INSTANCE_WORKSPACE_ID}/audit?action=node.drain`,
    )
    expect(await response.json()).toMatchObject({
      items: [{ action: 'node.drain', target: 'node-a', actorEmail: 'owner@instance.test' }],
    })
  })
})

describe('the node on plugins and task items', () => {
  test('cluster mode: the list and the detail name the node, null when no node runs the plugin', async () => {
    const t = setupTestApp({ cluster: true })
    const nodes = t.deps.nodes as MemoryNodes
    nodes.addNode({ name: 'node-a' })
    nodes.addNode({ name: 'node-b', heartbeatAgoMs: 30_000 })
    const { plugin: hello } = await t.install('acme/hello-world', '1.0.0')
    const { plugin: weather } = await t.install('acme/weather', '1.0.0')
    nodes.place(hello?.workspaceId ?? '', hello?.id ?? '', 'node-b')
    const list = await t.json<PluginList>(t.get('/plugins'))
    expect(list.items.map((plugin) => [plugin.name, plugin.node])).toEqual([
      ['Hello World', 'node-b'],
      ['Weather', null],
    ])
    const detail = await t.json<PluginDetail>(t.get(`/plugins/${hello?.id}`))
    expect(detail).toMatchObject({
      node: 'node-b',
      nodeStatus: { name: 'node-b', state: 'active', answering: false },
    })
    expect(detail.nodeStatus?.heartbeatAgeMs).toBeGreaterThanOrEqual(30_000)
    const unplaced = await t.json<PluginDetail>(t.get(`/plugins/${weather?.id}`))
    expect(unplaced).toMatchObject({ node: null, nodeStatus: null })
  })

  test('a single server: no node on plugins or task items', async () => {
    const t = setupTestApp()
    const { task, plugin } = await t.install('acme/hello-world', '1.0.0')
    expect(task.items[0]).not.toHaveProperty('node')
    const detail = await t.json<PluginDetail>(t.get(`/plugins/${plugin?.id}`))
    expect(detail).not.toHaveProperty('node')
    expect(detail).not.toHaveProperty('nodeStatus')
    const list = await t.json<PluginList>(t.get('/plugins'))
    expect(list.items[0]).not.toHaveProperty('node')
  })
})
