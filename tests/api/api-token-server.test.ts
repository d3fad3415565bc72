import { afterAll, beforeAll, expect, test } from 'vitest'
import { checkedFetch } from '#server/app/openapi/response-check.test-helpers.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { makeServerDirs, type ServerProcess, startServer } from './server-process.ts'

const dirs = makeServerDirs()
let server: ServerProcess

beforeAll(async () => {
  server = await startServer({ ...dirs, stepMs: 20 })
})

afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
})

const WS = '/api/workspaces/default'

/** What a script or the CLI sends: the token in `Authorization`, nothing else (no cookie, no CSRF header). */
const withToken = (secret: string, method: string, path: string, body?: unknown) =>
  checkedFetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${secret}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

test('an API token on the real server: made in a session, used alone by a script, revoked', async () => {
  const owner = { email: 'owner@example.com', name: 'Owner', password: 'a long enough password' }
  const setup = await checkedFetch(`${server.url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
    body: JSON.stringify(owner),
  })
  expect(setup.status).toBe(201)
  const cookie = (setup.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  const session = { cookie, 'x-requested-with': 'plugboard', 'content-type': 'application/json' }

  const created = await checkedFetch(`${server.url}${WS}/tokens`, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ name: 'deploy script', role: 'admin', expiresInDays: 7 }),
  })
  expect(created.status).toBe(201)
  const { secret, token } = await created.json()
  expect(secret).toMatch(/^pbt_/)

  // The script installs a plugin and follows its task, with the token alone.
  const installed = await withToken(secret, 'POST', `${WS}/installs`, {
    items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }],
  })
  expect(installed.status).toBe(202)
  const { task } = await installed.json()
  const done = await waitUntil(
    async () => (await (await withToken(secret, 'GET', `${WS}/tasks/${task.id}`)).json()).status as string,
    (status) => ['success', 'failed', 'cancelled'].includes(status),
  )
  expect(done).toBe('success')
  // The secret was shown once: the list (in the database) knows it by its prefix only.
  const listed = await (await checkedFetch(`${server.url}${WS}/tokens`, { headers: { cookie } })).json()
  expect(listed.items).toEqual([expect.objectContaining({ id: token.id, lastUsedAt: expect.any(String) })])
  expect(JSON.stringify(listed)).not.toContain(secret.slice(12))

  // Revoked in the console: the next call of the script is refused.
  const revoked = await checkedFetch(`${server.url}${WS}/tokens/${token.id}`, {
    method: 'DELETE',
    headers: session,
  })
  expect(revoked.status).toBe(204)
  const refused = await withToken(secret, 'GET', `${WS}/plugins`)
  expect(refused.status).toBe(401)
  expect((await refused.json()).error.code).toBe('UNAUTHENTICATED')
})
