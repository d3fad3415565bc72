import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Task } from '#core/api/task-schemas.ts'
import { readSse } from '#server/app/events/sse.test-helpers.ts'
import {
  apiClient,
  makeServerDirs,
  OWNER,
  type ServerProcess,
  startServer,
} from '#tests/api/server-process.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { freshClusterDatabase } from './cluster-database.ts'

const LEASE_MS = scaled(3_000)
const database = await freshClusterDatabase()

/** A session on one node, as a browser holds it: the cookie and the CSRF header. */
async function signIn(url: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
    body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
  })
  expect(response.status).toBe(200)
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] as string
  return { cookie, 'x-requested-with': 'plugboard' }
}

describe.runIf(database)('one truth across nodes', () => {
  const db = database as NonNullable<typeof database>
  const dirs = { a: makeServerDirs(), b: makeServerDirs() }
  const nodes: ServerProcess[] = []
  const start = async (name: 'a' | 'b') => {
    const node = await startServer({
      ...dirs[name],
      stepMs: 100,
      env: {
        DATABASE_URL: db.url,
        NODE_ID: `node-${name}`,
        PLUGBOARD_LEASE_MS: String(LEASE_MS),
        PLUGBOARD_HEARTBEAT_MS: String(Math.floor(LEASE_MS / 3)),
      },
    })
    nodes.push(node)
    return node
  }
  beforeAll(async () => {
    await start('a')
    await start('b')
  })
  afterAll(async () => {
    for (const node of nodes) await node.kill()
    dirs.a.cleanup()
    dirs.b.cleanup()
    await db.drop()
  })

  test('a stream on node B carries the task and plugin events of an install sent to node A, and B’s list ETag changes at once', {
    timeout: scaled(60_000),
  }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const apiA = await apiClient(a.url)
    const onB = await signIn(b.url)
    const stream = readSse(await fetch(`${b.url}/api/workspaces/default/stream`, { headers: onB }))
    const list = (etag?: string) =>
      fetch(`${b.url}/api/workspaces/default/plugins`, {
        headers: { ...onB, ...(etag ? { 'if-none-match': etag } : {}) },
      })
    const etag = (await list()).headers.get('etag') as string
    expect(etag).toBeTruthy()
    // Kept on B: an unchanged list answers 304 without asking the database.
    expect((await list(etag)).status).toBe(304)

    const sent = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }],
    })
    expect(sent.status).toBe(202)
    const { task } = (await sent.json()) as { task: Task }
    const created = await stream.next(
      (event) => event.event === 'task.created' && (event.data as { task: Task }).task.id === task.id,
      scaled(5_000),
    )
    expect(created.data).toMatchObject({ task: { id: task.id, kind: 'install' } })
    // The write on A shows in B's list at once, not when B's kept version expires.
    const changed = await list(etag)
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)

    const succeeded = await stream.next(
      (event) =>
        event.event === 'task.changed' &&
        (event.data as { task: Task }).task.id === task.id &&
        (event.data as { task: Task }).task.status === 'success',
      scaled(20_000),
    )
    expect(succeeded.data).toMatchObject({ task: { status: 'success' } })
    const pluginId = task.items[0]?.pluginId
    await stream.next(
      (event) =>
        event.event === 'plugin.changed' &&
        (event.data as { plugin: { id: string; status: string } }).plugin.id === pluginId &&
        (event.data as { plugin: { status: string } }).plugin.status === 'ready',
      scaled(5_000),
    )
    // One event per transition: the task's success came once, not once per node.
    expect(
      stream.events.filter(
        (event) => event.event === 'task.changed' && (event.data as { task: Task }).task.status === 'success',
      ),
    ).toEqual([])
    await stream.close()
  })

  test('a stream that reconnects to another node with the last id it had is told to resync, and is never replayed the wrong events', {
    timeout: scaled(60_000),
  }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const apiA = await apiClient(a.url)
    const onA = await signIn(a.url)
    const onB = await signIn(b.url)
    const streamOf = (url: string, headers: Record<string, string>, lastEventId?: string) =>
      fetch(`${url}/api/workspaces/default/stream`, {
        headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      })
    const onNodeA = readSse(await streamOf(a.url, onA))
    const onNodeB = readSse(await streamOf(b.url, onB))
    const sent = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/weather', version: '1.0.0' }],
    })
    expect(sent.status).toBe(202)
    const { task } = (await sent.json()) as { task: Task }
    const endedOn = (stream: ReturnType<typeof readSse>) =>
      stream.next(
        (event) =>
          event.event === 'task.changed' &&
          (event.data as { task: Task }).task.id === task.id &&
          (event.data as { task: Task }).task.status === 'success',
        scaled(20_000),
      )
    const lastOnA = await endedOn(onNodeA)
    const lastOnB = await endedOn(onNodeB)
    await onNodeA.close()
    await onNodeB.close()
    // Ids are each node's own: the same change has another id on each node.
    expect(lastOnA.id).toBeTruthy()
    expect(lastOnB.id).toBeTruthy()
    expect(lastOnA.id).not.toBe(lastOnB.id)

    // A second install while the browser is away: what the resumed stream must not lose.
    const again = await apiA.send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/metrics', version: '1.0.0' }],
    })
    const missed = ((await again.json()) as { task: Task }).task
    await waitUntil(
      async () => (await apiA.json<Task>('GET', `/tasks/${missed.id}`)).status,
      (status) => status === 'success',
      { withinMs: 20_000 },
    )

    // The load balancer sends the reconnect to node B with node A's last id: resync, no replay.
    const moved = readSse(await streamOf(b.url, onB, lastOnA.id as string))
    const first = await moved.next(() => true, scaled(5_000))
    expect(first).toMatchObject({ event: 'resync', id: null })
    await moved.close()
    // Nothing replayed after it (a replay would start with the tasks created since).
    expect(
      moved.events.filter((event) => event.event === 'task.created' || event.event === 'resync'),
    ).toEqual([])

    // Back on node B with B's own id, the stream resumes: the missed install's events, in order.
    const resumed = readSse(await streamOf(b.url, onB, lastOnB.id as string))
    const replayed = await resumed.next(
      (event) => event.event === 'task.created' && (event.data as { task: Task }).task.id === missed.id,
      scaled(5_000),
    )
    expect(replayed.id).toBeTruthy()
    await resumed.close()
    expect(resumed.events.some((event) => event.event === 'resync')).toBe(false)
  })

  test('a sign-out on node A ends the session on node B at once', { timeout: scaled(30_000) }, async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess]
    const session = await signIn(a.url)
    const me = () => fetch(`${b.url}/api/auth/me`, { headers: session })
    // B reads the session (and keeps it for a few seconds).
    expect((await me()).status).toBe(200)
    expect((await me()).status).toBe(200)
    const out = await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: session })
    expect(out.status).toBeLessThan(300)
    const loggedOut = performance.now()
    await waitUntil(
      async () => (await me()).status,
      (status) => status === 401,
    )
    // Well within the few seconds B keeps a session it read (the product's period, not scaled).
    expect(performance.now() - loggedOut).toBeLessThan(3_000)
  })
})
