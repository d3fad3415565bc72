import { afterAll, beforeAll, expect, test } from 'vitest'
import { checkedFetch } from '#server/app/openapi/response-check.test-helpers.ts'
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

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  checkedFetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard', ...headers },
    body: JSON.stringify(body),
  })

test('first run on the real server: setup once, scrypt sign-in, sessions in the database, audit with the address', async () => {
  const anonymous = await checkedFetch(`${server.url}/api/workspaces/default/plugins`)
  expect(anonymous.status).toBe(401)
  expect(await (await checkedFetch(`${server.url}/api/auth/setup`)).json()).toEqual({ setupRequired: true })

  const owner = { email: 'owner@example.com', name: 'Owner', password: 'a long enough password' }
  const setup = await post('/api/auth/setup', owner)
  expect(setup.status).toBe(201)
  expect((await setup.json()).workspaces).toEqual([
    { id: 'default', name: 'Default workspace', role: 'owner' },
  ])
  expect((await post('/api/auth/setup', { ...owner, email: 'second@example.com' })).status).toBe(409)

  expect((await post('/api/auth/login', { email: owner.email, password: 'not the password' })).status).toBe(
    401,
  )
  const login = await post('/api/auth/login', { email: owner.email, password: owner.password })
  expect(login.status).toBe(200)
  const setCookie = login.headers.getSetCookie()[0] ?? ''
  expect(setCookie).toMatch(/^plugboard_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/)
  const cookie = setCookie.split(';')[0] ?? ''

  const audit = await checkedFetch(`${server.url}/api/workspaces/default/audit`, { headers: { cookie } })
  const { items } = await audit.json()
  expect(items.map((entry: { action: string }) => entry.action)).toEqual([
    'auth.login',
    'auth.login_failed',
    'auth.setup',
  ])
  expect(items[0].ip).toMatch(/127\.0\.0\.1/)

  const csrfless = await checkedFetch(`${server.url}/api/workspaces/default/tasks/clear`, {
    method: 'POST',
    headers: { cookie },
  })
  expect(csrfless.status).toBe(403)
})

test('the SPA and the API answer with a CSP that allows no inline script, and no framing', async () => {
  for (const path of ['/', '/w/default/plugins', '/api/health']) {
    const response = await checkedFetch(`${server.url}${path}`)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp, path).toContain("script-src 'self'")
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(csp, path).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options'), path).toBe('DENY')
    expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
  }
})
