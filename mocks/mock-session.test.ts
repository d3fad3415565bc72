import type { SetupServer } from 'msw/node'
import { afterEach, expect, test } from 'vitest'
import { DEMO_PASSWORD, DEMO_USERS } from './demo-accounts.ts'
import { createMockServer } from './node.ts'
import { DEFAULT_WORKSPACE_ID } from './scenarios.ts'

let server: SetupServer | undefined
afterEach(() => {
  server?.close()
  server = undefined
})

const me = async () => (await fetch('http://localhost/api/auth/me')).json()
const post = (path: string, body?: unknown) =>
  fetch(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

test('the mocks sign in the demo admin of `default` by default', async () => {
  ;({ server } = await createMockServer({ stepMs: 0 }))
  server.listen({ onUnhandledRequest: 'error' })
  expect(await me()).toMatchObject({
    user: { email: DEMO_USERS.admin.email },
    workspaces: [{ id: DEFAULT_WORKSPACE_ID, role: 'admin' }],
  })
})

test('?scenario=member signs in a member, whom the API refuses changes', async () => {
  ;({ server } = await createMockServer({ scenario: 'member', stepMs: 0 }))
  server.listen({ onUnhandledRequest: 'error' })
  expect((await me()).workspaces).toEqual([
    { id: DEFAULT_WORKSPACE_ID, name: 'Demo workspace', role: 'member' },
  ])
  const plugins = await (
    await fetch(`http://localhost/api/workspaces/${DEFAULT_WORKSPACE_ID}/plugins`)
  ).json()
  expect(plugins.total).toBe(5)
  const install = await post(`/api/workspaces/${DEFAULT_WORKSPACE_ID}/installs`, {
    items: [{ source: 'marketplace', pluginId: 'acme/slow-sync', version: '1.0.0' }],
  })
  expect(install.status).toBe(403)
})

test('sign-out and sign-in work in mock mode: the mocks keep the session cookie', async () => {
  ;({ server } = await createMockServer({ stepMs: 0 }))
  server.listen({ onUnhandledRequest: 'error' })
  expect((await post('/api/auth/logout')).status).toBe(204)
  expect((await fetch('http://localhost/api/auth/me')).status).toBe(401)
  const login = await post('/api/auth/login', { email: DEMO_USERS.owner.email, password: DEMO_PASSWORD })
  expect(login.status).toBe(200)
  expect((await me()).user.email).toBe(DEMO_USERS.owner.email)
})
