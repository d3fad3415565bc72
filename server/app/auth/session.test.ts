import { afterEach, describe, expect, test, vi } from 'vitest'
import { createMemoryDeps } from '#mocks/memory-deps.ts'
import { createApp } from '#server/app/create-app.ts'
import { checkedRequest } from '#server/app/openapi/response-check.test-helpers.ts'
import { OWN_WS, PASSWORD, sessionCookieOf, setupAuthApp } from './auth.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

const login = (t: Awaited<ReturnType<typeof setupAuthApp>>, email: string, password: string, ip?: string) =>
  t.call('anonymous', 'POST', '/api/auth/login', { body: { email, password }, ...(ip ? { ip } : {}) })

describe('first-run setup', () => {
  test('creates the owner and the workspace `default` only while no user exists, signed in', async () => {
    const app = { request: checkedRequest(createApp(createMemoryDeps({ stepMs: 0 }))) }
    const post = (body: unknown) =>
      app.request('/api/auth/setup', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
      })
    expect(await (await app.request('/api/auth/setup')).json()).toEqual({ setupRequired: true })
    const owner = { email: 'Owner@Example.com', name: 'Olga', password: 'a long enough password' }
    const first = await post(owner)
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({
      user: { id: expect.any(String), email: 'owner@example.com', name: 'Olga' },
      workspaces: [{ id: 'default', name: 'Default workspace', role: 'owner' }],
    })
    const cookie = sessionCookieOf(first)
    expect(cookie?.value).toBeTruthy()
    const me = await app.request('/api/auth/me', {
      headers: { cookie: `plugboard_session=${cookie?.value}` },
    })
    expect((await me.json()).user.email).toBe('owner@example.com')

    const second = await post({ ...owner, email: 'intruder@example.com' })
    expect(second.status).toBe(409)
    expect((await second.json()).error.code).toBe('CONFLICT')
    expect(await (await app.request('/api/auth/setup')).json()).toEqual({ setupRequired: false })
  })

  test('a weak password or a bad email is refused with every problem', async () => {
    const t = await setupAuthApp()
    const response = await t.call('anonymous', 'POST', '/api/auth/login', { body: { email: 'nope' } })
    expect(response.status).toBe(400)
    expect((await response.json()).error.details).toEqual([
      'email: must be an email address',
      'password: Invalid input: expected string, received undefined',
    ])
  })
})

describe('sessions', () => {
  test('sign-in sets an httpOnly, SameSite=Lax cookie, Secure only over https', async () => {
    const t = await setupAuthApp()
    const plain = sessionCookieOf(await login(t, t.emails.admin, PASSWORD))
    expect(plain?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']))
    expect(plain?.attributes).not.toContain('Secure')
    const secure = await t.call('anonymous', 'POST', '/api/auth/login', {
      url: 'https://plugboard.example',
      body: { email: t.emails.admin, password: PASSWORD },
    })
    expect(sessionCookieOf(secure)?.attributes).toContain('Secure')
  })

  test('fixation: the session id changes at every sign-in, and a planted one stops working', async () => {
    const t = await setupAuthApp()
    const first = sessionCookieOf(await login(t, t.emails.member, PASSWORD))?.value ?? ''
    const again = await t.call('anonymous', 'POST', '/api/auth/login', {
      cookie: first,
      body: { email: t.emails.member, password: PASSWORD },
    })
    const second = sessionCookieOf(again)?.value ?? ''
    expect(second).not.toBe('')
    expect(second).not.toBe(first)
    expect((await t.call('anonymous', 'GET', '/api/auth/me', { cookie: first })).status).toBe(401)
    expect((await t.call('anonymous', 'GET', '/api/auth/me', { cookie: second })).status).toBe(200)
  })

  test('logout deletes the session: the same cookie is refused afterwards', async () => {
    const t = await setupAuthApp()
    const token = sessionCookieOf(await login(t, t.emails.admin, PASSWORD))?.value ?? ''
    const logout = await t.call('anonymous', 'POST', '/api/auth/logout', { cookie: token })
    expect(logout.status).toBe(204)
    expect(sessionCookieOf(logout)?.attributes).toContain('Max-Age=0')
    const me = await t.call('anonymous', 'GET', '/api/auth/me', { cookie: token })
    expect(me.status).toBe(401)
    expect((await me.json()).error.code).toBe('UNAUTHENTICATED')
  })

  test('an expired session is refused', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z'), toFake: ['Date'] })
    const t = await setupAuthApp({ sessionTtlMs: 60_000 })
    const token = sessionCookieOf(await login(t, t.emails.admin, PASSWORD))?.value ?? ''
    vi.setSystemTime(new Date('2026-03-01T12:00:59.000Z'))
    expect((await t.call('anonymous', 'GET', '/api/auth/me', { cookie: token })).status).toBe(200)
    vi.setSystemTime(new Date('2026-03-01T12:01:00.000Z'))
    expect((await t.call('anonymous', 'GET', '/api/auth/me', { cookie: token })).status).toBe(401)
    expect(
      (await t.call('anonymous', 'GET', `/api/workspaces/${OWN_WS}/plugins`, { cookie: token })).status,
    ).toBe(401)
  })

  test('/me answers the user and their workspaces with roles', async () => {
    const t = await setupAuthApp()
    expect(await (await t.call('admin', 'GET', '/api/auth/me')).json()).toEqual({
      user: { id: t.userIds.admin, email: t.emails.admin, name: 'admin' },
      workspaces: [{ id: OWN_WS, name: 'Default workspace', role: 'admin' }],
    })
  })
})

describe('CSRF', () => {
  test('a mutation without the custom header is refused and changes nothing; reads need none', async () => {
    const t = await setupAuthApp()
    const install = await t.call('owner', 'POST', `/api/workspaces/${OWN_WS}/installs`, {
      csrf: false,
      body: { items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }] },
    })
    expect(install.status).toBe(403)
    expect((await install.json()).error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/X-Requested-With/),
    })
    expect((await t.deps.store.listTasks(OWN_WS, { page: 1, pageSize: 50 })).total).toBe(0)
    const login = await t.call('anonymous', 'POST', '/api/auth/login', {
      csrf: false,
      body: { email: t.emails.owner, password: PASSWORD },
    })
    expect(login.status).toBe(403)
    expect(sessionCookieOf(login)).toBeNull()
    expect((await t.call('owner', 'GET', `/api/workspaces/${OWN_WS}/tasks`, { csrf: false })).status).toBe(
      200,
    )
  })
})

describe('login rate limit', () => {
  test('5 failures for one email in 15 minutes → 429 with Retry-After, even with the right password', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z'), toFake: ['Date'] })
    const t = await setupAuthApp()
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await login(t, t.emails.admin, 'wrong password', `10.0.0.${attempt}`)
      expect(response.status).toBe(401)
    }
    const limited = await login(t, t.emails.admin, PASSWORD, '10.0.1.1')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('900')
    expect((await limited.json()).error.code).toBe('RATE_LIMITED')
    // Other people are not locked out.
    expect((await login(t, t.emails.member, PASSWORD, '10.0.1.1')).status).toBe(200)
    vi.setSystemTime(new Date('2026-03-01T12:15:01.000Z'))
    expect((await login(t, t.emails.admin, PASSWORD, '10.0.1.1')).status).toBe(200)
  })

  test('5 failures from one address, whatever the emails, → 429 for that address only', async () => {
    const t = await setupAuthApp()
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await login(t, `nobody${attempt}@own.test`, 'guess', '192.0.2.7')).status).toBe(401)
    }
    expect((await login(t, t.emails.owner, PASSWORD, '192.0.2.7')).status).toBe(429)
    expect((await login(t, t.emails.owner, PASSWORD, '192.0.2.8')).status).toBe(200)
  })
})

describe('password change', () => {
  test('needs the current password; ends the other sessions, keeps this one', async () => {
    const t = await setupAuthApp()
    const other = sessionCookieOf(await login(t, t.emails.member, PASSWORD))?.value ?? ''
    const wrong = await t.call('member', 'POST', '/api/auth/password', {
      body: { currentPassword: 'nope', newPassword: 'a brand new password' },
    })
    expect(wrong.status).toBe(400)
    const change = await t.call('member', 'POST', '/api/auth/password', {
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    })
    expect(change.status).toBe(204)
    expect((await t.call('member', 'GET', '/api/auth/me')).status).toBe(200)
    expect((await t.call('anonymous', 'GET', '/api/auth/me', { cookie: other })).status).toBe(401)
    expect((await login(t, t.emails.member, PASSWORD)).status).toBe(401)
    expect((await login(t, t.emails.member, 'a brand new password')).status).toBe(200)
  })
})
