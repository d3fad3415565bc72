import { describe, expect, test } from 'vitest'
import type { Role } from '#core/api/auth-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { FOREIGN_WS, OWN_WS, setupAuthApp } from '../auth/auth.test-helpers.ts'

const TOKENS = `/api/workspaces/${OWN_WS}/tokens`
const INSTALLS = `/api/workspaces/${OWN_WS}/installs`
const install = { items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }] }
const DAY_MS = 86_400_000

type App = Awaited<ReturnType<typeof setupAuthApp>>

/** A token made through the API by `persona`: its secret and id. */
async function tokenOf(t: App, persona: Role, body: Record<string, unknown>) {
  const response = await t.call(persona, 'POST', TOKENS, { body: { name: 'ci', ...body } })
  expect(response.status).toBe(201)
  const created = await response.json()
  return { secret: created.secret as string, id: created.token.id as string, created }
}

/** A request signed with a bearer token only: no cookie, no CSRF header unless asked. */
function withBearer(t: App, secret: string, method: string, path: string, body?: unknown, csrf = false) {
  const headers = new Headers({ authorization: `Bearer ${secret}` })
  if (csrf) headers.set(CSRF_HEADER, CSRF_HEADER_VALUE)
  if (body !== undefined) headers.set('content-type', 'application/json')
  return t.app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

describe('API tokens', () => {
  test('the secret is answered once; the list shows name, prefix, role and dates, never the secret', async () => {
    const t = await setupAuthApp()
    const { secret, created } = await tokenOf(t, 'admin', {
      name: 'deploy bot',
      role: 'admin',
      expiresInDays: 30,
    })
    expect(secret).toMatch(/^pbt_[A-Za-z0-9_-]{43}$/)
    expect(created.token).toMatchObject({
      name: 'deploy bot',
      role: 'admin',
      prefix: secret.slice(0, 12),
      owner: { id: t.userIds.admin, email: t.emails.admin },
      lastUsedAt: null,
    })
    expect(Date.parse(created.token.expiresAt) - Date.parse(created.token.createdAt)).toBe(30 * DAY_MS)
    const listed = await (await t.call('admin', 'GET', TOKENS)).json()
    expect(listed.items).toEqual([created.token])
    expect(JSON.stringify(listed)).not.toContain(secret.slice(12))
    // The store keeps a hash only.
    const stored = await t.deps.accounts.listApiTokens(OWN_WS)
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12))
  })

  test('a token does what its role allows and nothing more, without a CSRF header', async () => {
    const t = await setupAuthApp()
    const viewer = await tokenOf(t, 'owner', { role: 'member' })
    const operator = await tokenOf(t, 'owner', { role: 'admin' })
    expect((await withBearer(t, viewer.secret, 'GET', `/api/workspaces/${OWN_WS}/plugins`)).status).toBe(200)
    const refused = await withBearer(t, viewer.secret, 'POST', INSTALLS, install)
    expect(refused.status).toBe(403)
    expect((await refused.json()).error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/admin/),
    })
    const installed = await withBearer(t, operator.secret, 'POST', INSTALLS, install)
    expect(installed.status).toBe(202)
    // An admin token is no owner: membership and settings stay out of reach.
    const settings = await withBearer(t, operator.secret, 'PATCH', `/api/workspaces/${OWN_WS}/settings`, {
      name: 'Renamed',
    })
    expect(settings.status).toBe(403)
    // The install is the token owner's in the audit log, made through that token.
    const audit = await (
      await t.call('owner', 'GET', `/api/workspaces/${OWN_WS}/audit?action=plugin.install`)
    ).json()
    expect(audit.items[0]).toMatchObject({
      actorEmail: t.emails.owner,
      details: { apiTokenId: operator.id, apiTokenName: 'ci' },
    })
  })

  test('a cookie request still needs the CSRF header; a bearer request is judged by the token, not the cookie', async () => {
    const t = await setupAuthApp()
    expect((await t.call('admin', 'POST', INSTALLS, { body: install, csrf: false })).status).toBe(403)
    const viewer = await tokenOf(t, 'admin', { role: 'member' })
    // The admin's session cookie beside a member token: the token's role applies.
    const headers = new Headers({
      authorization: `Bearer ${viewer.secret}`,
      cookie: 'plugboard_session=session-admin',
      'content-type': 'application/json',
    })
    const mixed = await t.app.request(INSTALLS, { method: 'POST', headers, body: JSON.stringify(install) })
    expect(mixed.status).toBe(403)
  })

  test('a token acts only in its own workspace: another one is 404, as for a stranger', async () => {
    const t = await setupAuthApp()
    const { secret } = await tokenOf(t, 'owner', { role: 'owner' })
    const foreign = await withBearer(t, secret, 'GET', `/api/workspaces/${FOREIGN_WS}/plugins`)
    expect(foreign.status).toBe(404)
    expect(await foreign.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'unknown workspace' } })
    // Even a workspace its owner belongs to: the token was made for one.
    const created = await t.call('owner', 'POST', '/api/workspaces', { body: { name: 'Second' } })
    const second = (await created.json()).id
    expect((await withBearer(t, secret, 'GET', `/api/workspaces/${second}/plugins`)).status).toBe(404)
    // Nor outside any workspace, nor on tokens themselves (a token cannot mint tokens).
    expect((await withBearer(t, secret, 'GET', '/api/auth/me')).status).toBe(403)
    expect((await withBearer(t, secret, 'POST', TOKENS, { name: 'more' })).status).toBe(403)
  })

  test('a role above the caller’s own is refused', async () => {
    const t = await setupAuthApp()
    const response = await t.call('admin', 'POST', TOKENS, { body: { name: 'x', role: 'owner' } })
    expect(response.status).toBe(403)
    expect((await response.json()).error.code).toBe('FORBIDDEN')
    expect(await t.deps.accounts.listApiTokens(OWN_WS)).toEqual([])
  })

  test('a revoked token, an expired one and an unknown one answer 401', async () => {
    const t = await setupAuthApp()
    const PLUGINS = `/api/workspaces/${OWN_WS}/plugins`
    const revoked = await tokenOf(t, 'member', {})
    expect((await withBearer(t, revoked.secret, 'GET', PLUGINS)).status).toBe(200)
    expect((await t.call('member', 'DELETE', `${TOKENS}/${revoked.id}`)).status).toBe(204)
    const refused = await withBearer(t, revoked.secret, 'GET', PLUGINS)
    expect(refused.status).toBe(401)
    expect((await refused.json()).error).toEqual({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/revoked/),
    })

    const expiring = await tokenOf(t, 'member', { expiresInDays: 1 })
    expect((await withBearer(t, expiring.secret, 'GET', PLUGINS)).status).toBe(200)
    const realClock = t.deps.clock
    t.deps.clock = { ...realClock, now: () => new Date(realClock.now().getTime() + DAY_MS + 1000) }
    const expired = await withBearer(t, expiring.secret, 'GET', PLUGINS)
    expect(expired.status).toBe(401)
    expect((await expired.json()).error.message).toMatch(/expired/)

    expect((await withBearer(t, 'pbt_nothing-like-it', 'GET', PLUGINS)).status).toBe(401)
    expect((await withBearer(t, 'not-a-token', 'GET', PLUGINS)).status).toBe(401)
  })

  test('a token is bounded by its owner: a lowered role lowers it, a removal ends it', async () => {
    const t = await setupAuthApp()
    const { secret } = await tokenOf(t, 'admin', { role: 'admin' })
    expect((await withBearer(t, secret, 'POST', INSTALLS, install)).status).toBe(202)
    await t.call('owner', 'PATCH', `/api/workspaces/${OWN_WS}/members/${t.userIds.admin}`, {
      body: { role: 'member' },
    })
    expect((await withBearer(t, secret, 'POST', INSTALLS, install)).status).toBe(403)
    expect((await withBearer(t, secret, 'GET', `/api/workspaces/${OWN_WS}/plugins`)).status).toBe(200)
    await t.call('owner', 'DELETE', `/api/workspaces/${OWN_WS}/members/${t.userIds.admin}`)
    expect((await withBearer(t, secret, 'GET', `/api/workspaces/${OWN_WS}/plugins`)).status).toBe(401)
  })

  test('members see and revoke their own tokens; an owner sees and revokes everyone’s; both are audited', async () => {
    const t = await setupAuthApp()
    const mine = await tokenOf(t, 'member', { name: 'member laptop' })
    const admins = await tokenOf(t, 'admin', { name: 'admin ci' })
    const names = async (persona: Role) =>
      ((await (await t.call(persona, 'GET', TOKENS)).json()).items as { name: string }[]).map(
        (item) => item.name,
      )
    expect(await names('member')).toEqual(['member laptop'])
    expect(await names('owner')).toEqual(['member laptop', 'admin ci'])
    expect((await t.call('member', 'DELETE', `${TOKENS}/${admins.id}`)).status).toBe(404)
    expect((await t.call('owner', 'DELETE', `${TOKENS}/${admins.id}`)).status).toBe(204)
    expect((await t.call('owner', 'DELETE', `${TOKENS}/${admins.id}`)).status).toBe(404)
    expect(await names('admin')).toEqual([])
    // Another workspace's owner cannot reach them either.
    expect(
      (await t.call('stranger', 'DELETE', `/api/workspaces/${FOREIGN_WS}/tokens/${mine.id}`)).status,
    ).toBe(404)

    const audit = await (await t.call('owner', 'GET', `/api/workspaces/${OWN_WS}/audit`)).json()
    const entries = (audit.items as { action: string }[]).filter((entry) => entry.action.startsWith('token.'))
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'token.revoke',
        actorEmail: t.emails.owner,
        target: admins.id,
        details: expect.objectContaining({ name: 'admin ci', owner: t.emails.admin }),
      }),
      expect.objectContaining({ action: 'token.create', actorEmail: t.emails.admin, target: admins.id }),
      expect.objectContaining({ action: 'token.create', actorEmail: t.emails.member, target: mine.id }),
    ])
    expect(JSON.stringify(audit)).not.toContain(admins.secret.slice(12))
  })

  test('use is recorded as last used', async () => {
    const t = await setupAuthApp()
    const { secret } = await tokenOf(t, 'member', {})
    await withBearer(t, secret, 'GET', `/api/workspaces/${OWN_WS}/plugins`)
    const [listed] = (await (await t.call('member', 'GET', TOKENS)).json()).items
    expect(listed.lastUsedAt).toEqual(expect.any(String))
  })
})
