import { afterEach, describe, expect, test, vi } from 'vitest'
import { ResyncEventSchema, STREAM_EVENT_SCHEMAS } from '#core/api/stream-schemas.ts'
import { createMemoryDeps, type MemoryDeps } from '#mocks/memory-deps.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { signedIn } from '#server/app/app.test-helpers.ts'
import { createApp } from '#server/app/create-app.ts'
import { readSse, type SseEvent } from '#server/app/events/sse.test-helpers.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { MAX_PENDING_WRITES, MAX_STREAMS_PER_SESSION } from './stream-routes.ts'

const WS = 'ws-live'
const OTHER_WS = 'ws-elsewhere'
const OWNER = 'owner-session'
const MEMBER = 'member-session'
const OUTSIDER = 'outsider-session'
const BASE = `/api/workspaces/${WS}`

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const stream of open.splice(0)) await stream.close().catch(() => {})
})

async function setup() {
  const deps: MemoryDeps = createMemoryDeps({ stepMs: 5 })
  const app = createApp(deps)
  await seedAccount(deps, {
    workspaceId: WS,
    email: 'owner@live.test',
    name: 'O',
    role: 'owner',
    sessionToken: OWNER,
  })
  const member = await seedAccount(deps, {
    workspaceId: WS,
    email: 'member@live.test',
    name: 'M',
    role: 'member',
    sessionToken: MEMBER,
  })
  await seedAccount(deps, {
    workspaceId: OTHER_WS,
    email: 'outsider@live.test',
    name: 'X',
    role: 'owner',
    sessionToken: OUTSIDER,
  })
  const request = (path: string, init: RequestInit = {}, session = OWNER) =>
    app.request(path, signedIn(init, session))
  const stream = async (session = OWNER, headers: Record<string, string> = {}) => {
    const sse = readSse(await request(`${BASE}/stream`, { headers }, session))
    open.push(sse)
    return sse
  }
  const install = async () => {
    const response = await request(`${BASE}/installs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }],
      }),
    })
    expect(response.status).toBe(202)
    return ((await response.json()) as { task: { id: string } }).task
  }
  return { deps, app, request, stream, install, memberId: member.userId }
}

/** Checks a pushed event against its schema and answers its payload. */
function payload(event: SseEvent) {
  const schema = STREAM_EVENT_SCHEMAS[event.event as keyof typeof STREAM_EVENT_SCHEMAS]
  return schema.parse(event.data)
}

const isTask = (taskId: string, status?: string) => (event: SseEvent) =>
  (event.event === 'task.created' || event.event === 'task.changed') &&
  (event.data as { task: { id: string; status: string } }).task.id === taskId &&
  (!status || (event.data as { task: { status: string } }).task.status === status)

describe('GET /api/workspaces/:ws/stream', () => {
  test('a task and its plugin are pushed as they change, each event with an id, in order', async () => {
    const { stream, install } = await setup()
    const sse = await stream()
    const task = await install()
    const created = await sse.next(isTask(task.id))
    expect(created.event).toBe('task.created')
    expect(payload(created)).toMatchObject({
      task: { id: task.id, items: [{ pluginRef: 'acme/hello-world' }] },
    })
    await sse.next(isTask(task.id, 'success'))
    const ready = await sse.next(
      (event) =>
        event.event === 'plugin.changed' &&
        (event.data as { plugin: { status: string; activeTaskId: string | null } }).plugin.status ===
          'ready' &&
        (event.data as { plugin: { activeTaskId: string | null } }).plugin.activeTaskId === null,
    )
    expect(payload(ready)).toMatchObject({ plugin: { pluginId: 'acme/hello-world', version: '1.0.0' } })
    const ids = [created, ready].map((event) => Number(event.id?.split('.')[1]))
    expect(ids[0]).toBeLessThan(ids[1] as number)
  })

  test('a reconnect with Last-Event-ID gets what it missed, and nothing twice', async () => {
    const { stream, install } = await setup()
    const first = await stream()
    const task = await install()
    const created = await first.next(isTask(task.id))
    await first.close() // the install keeps running while nobody listens
    const done = await (async () => {
      const watcher = await stream()
      return watcher.next(isTask(task.id, 'success'))
    })()
    const resumed = await stream(OWNER, { 'last-event-id': created.id as string })
    const replayed: SseEvent[] = []
    for (;;) {
      const event = await resumed.next(() => true)
      replayed.push(event)
      if (event.id === done.id) break
    }
    expect(replayed.map((event) => event.id)).not.toContain(created.id)
    expect(replayed.some(isTask(task.id, 'running'))).toBe(true)
  })

  test('a Last-Event-ID no longer kept (or never this server’s) gets resync', async () => {
    const { stream } = await setup()
    const stale = await stream(OWNER, { 'last-event-id': 'zzzzzz.1' })
    const resync = await stale.next(() => true)
    expect(resync.event).toBe('resync')
    expect(ResyncEventSchema.parse(resync.data)).toEqual({})
    const garbage = await stream(OWNER, { 'last-event-id': 'not-an-id' })
    expect((await garbage.next(() => true)).event).toBe('resync')
  })

  test('a foreign workspace is 404 and a signed-out request 401, like the rest of the API', async () => {
    const { request, app } = await setup()
    const foreign = await request(`${BASE}/stream`, {}, OUTSIDER)
    expect(foreign.status).toBe(404)
    expect((await app.request(`${BASE}/stream`)).status).toBe(401)
  })

  test("a foreign workspace's events never arrive", async () => {
    const { stream, request, install } = await setup()
    const mine = await stream()
    const elsewhere = readSse(await request(`/api/workspaces/${OTHER_WS}/stream`, {}, OUTSIDER))
    open.push(elsewhere)
    const task = await install()
    await mine.next(isTask(task.id, 'success'))
    // The other workspace's own change comes after every event of this install was published.
    const renamed = await request(
      `/api/workspaces/${OTHER_WS}/settings`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Theirs' }),
      },
      OUTSIDER,
    )
    expect(renamed.status).toBe(200)
    await elsewhere.next((event) => event.event === 'settings.changed')
    expect(elsewhere.events.map((event) => event.event)).toEqual([]) // next() took the one it waited for
  })

  test('a pin or unpin reaches every open stream of the workspace', async () => {
    const { stream, request, install } = await setup()
    const sse = await stream(MEMBER)
    const task = await install()
    const done = await sse.next(isTask(task.id, 'success'))
    const pluginId = (done.data as { task: { items: { pluginId: string }[] } }).task.items[0]?.pluginId
    expect((await request(`${BASE}/plugins/${pluginId}/pin`, { method: 'POST' })).status).toBe(200)
    const pinned = await sse.next((event) => event.event === 'plugin.pinned')
    expect(payload(pinned)).toEqual({ pluginId, pinned: true })
    expect((await request(`${BASE}/plugins/${pluginId}/pin`, { method: 'DELETE' })).status).toBe(200)
    const unpinned = await sse.next((event) => event.event === 'plugin.pinned' && event.id !== pinned.id)
    expect(payload(unpinned)).toEqual({ pluginId, pinned: false })
  })

  test('a member reads the stream; it ends when the member is removed', async () => {
    const { stream, request, install, memberId } = await setup()
    const sse = await stream(MEMBER)
    const task = await install()
    await sse.next(isTask(task.id))
    const removed = await request(`${BASE}/members/${memberId}`, { method: 'DELETE' })
    expect(removed.status).toBe(204)
    await sse.ended
    expect((await request(`${BASE}/stream`, {}, MEMBER)).status).toBe(404)
  })

  test('the stream ends when its session signs out', async () => {
    const { stream, request } = await setup()
    const sse = await stream(MEMBER)
    const other = await stream(OWNER)
    expect((await request('/api/auth/logout', { method: 'POST' }, MEMBER)).status).toBeLessThan(300)
    await sse.ended
    // Other sessions' streams stay open: a settings change still reaches the owner.
    await request(`${BASE}/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed' }),
    })
    expect(payload(await other.next((event) => event.event === 'settings.changed'))).toMatchObject({
      settings: { name: 'Renamed' },
    })
  })

  test('one session may hold only a few streams open at once', async () => {
    const { stream, request } = await setup()
    const streams = []
    for (let index = 0; index < MAX_STREAMS_PER_SESSION; index++) streams.push(await stream())
    expect((await request(`${BASE}/stream`)).status).toBe(429)
    await streams[0]?.close()
    await expect
      .poll(async () => {
        const response = await request(`${BASE}/stream`)
        await response.body?.cancel()
        return response.status
      })
      .toBe(200)
  })

  test('a stream that failed to start gives its place back', async () => {
    const { deps, request } = await setup()
    const feed = deps.changes
    if (!feed) throw new Error('the memory deps have a change feed')
    const failing = vi.spyOn(feed, 'subscribe').mockImplementation(() => {
      throw new Error('the feed is gone')
    })
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      for (let index = 0; index < MAX_STREAMS_PER_SESSION; index++)
        await readSse(await request(`${BASE}/stream`)).ended
    } finally {
      failing.mockRestore()
      errors.mockRestore()
    }
    const response = await request(`${BASE}/stream`)
    await response.body?.cancel()
    expect(response.status).toBe(200)
  })

  test('a reader that stops reading is cut off instead of piling up writes', async () => {
    const { deps, request } = await setup()
    const response = await request(`${BASE}/stream`)
    expect(response.status).toBe(200)
    for (let index = 0; index <= MAX_PENDING_WRITES + 10; index++)
      deps.changes?.publish(WS, { type: 'tasks.removed', data: { taskIds: null } })
    const sse = readSse(response)
    open.push(sse)
    const ended = await Promise.race([
      sse.ended.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), scaled(5_000))),
    ])
    expect(ended).toBe(true)
    expect(sse.events.length).toBeLessThan(MAX_PENDING_WRITES + 10)
  })
})

describe('keeping the stream open', () => {
  test('a comment line goes out every 15 s, so proxies do not close a quiet stream', async () => {
    vi.useFakeTimers()
    try {
      const { stream } = await setup()
      const sse = await stream()
      const settle = async () => {
        for (let round = 0; round < 20; round++) await vi.advanceTimersByTimeAsync(0)
      }
      await settle()
      const atOpen = sse.comments
      expect(atOpen).toBe(1)
      await vi.advanceTimersByTimeAsync(14_999)
      await settle()
      expect(sse.comments).toBe(atOpen)
      await vi.advanceTimersByTimeAsync(1)
      await settle()
      expect(sse.comments).toBe(atOpen + 1)
    } finally {
      vi.useRealTimers()
    }
  })
})
