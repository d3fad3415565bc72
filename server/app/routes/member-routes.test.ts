import { describe, expect, test } from 'vitest'
import { FOREIGN_WS, OWN_WS, setupAuthApp } from '../auth/auth.test-helpers.ts'

const MEMBERS = `/api/workspaces/${OWN_WS}/members`
const SETTINGS = `/api/workspaces/${OWN_WS}/settings`
const install = { items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }] }

describe('members', () => {
  test('an existing user is added by email; an unknown email is invited with a temporary password shown once', async () => {
    const t = await setupAuthApp()
    const existing = await t.call('owner', 'POST', MEMBERS, {
      body: { email: t.emails.stranger, role: 'admin' },
    })
    expect(existing.status).toBe(201)
    expect(await existing.json()).toEqual({
      member: {
        id: t.userIds.stranger,
        email: t.emails.stranger,
        name: 'stranger',
        role: 'admin',
        joinedAt: expect.any(String),
      },
    })
    const invited = await t.call('owner', 'POST', MEMBERS, {
      body: { email: 'New@Own.test', name: 'Newbie' },
    })
    const { member, temporaryPassword } = await invited.json()
    expect(member).toMatchObject({ email: 'new@own.test', name: 'Newbie', role: 'member' })
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9_-]{20}$/)
    const login = await t.call('anonymous', 'POST', '/api/auth/login', {
      body: { email: 'new@own.test', password: temporaryPassword },
    })
    expect((await login.json()).workspaces).toEqual([
      { id: OWN_WS, name: 'Default workspace', role: 'member' },
    ])
    const listed = await (await t.call('member', 'GET', MEMBERS)).json()
    expect(listed.items.map((item: { email: string }) => item.email)).toContain('new@own.test')
    expect(JSON.stringify(listed)).not.toContain(temporaryPassword)
    const again = await t.call('owner', 'POST', MEMBERS, { body: { email: 'new@own.test' } })
    expect(again.status).toBe(409)
  })

  test('the last owner can be neither demoted nor removed', async () => {
    const t = await setupAuthApp()
    const demote = await t.call('owner', 'PATCH', `${MEMBERS}/${t.userIds.owner}`, {
      body: { role: 'admin' },
    })
    expect(demote.status).toBe(409)
    expect((await demote.json()).error.message).toMatch(/last owner/)
    expect((await t.call('owner', 'DELETE', `${MEMBERS}/${t.userIds.owner}`)).status).toBe(409)
    const promote = await t.call('owner', 'PATCH', `${MEMBERS}/${t.userIds.admin}`, {
      body: { role: 'owner' },
    })
    expect(await promote.json()).toMatchObject({ id: t.userIds.admin, role: 'owner' })
    expect(
      (await t.call('admin', 'PATCH', `${MEMBERS}/${t.userIds.owner}`, { body: { role: 'member' } })).status,
    ).toBe(200)
    expect((await t.call('admin', 'DELETE', `${MEMBERS}/${t.userIds.member}`)).status).toBe(204)
    expect((await t.call('member', 'GET', `/api/workspaces/${OWN_WS}/plugins`)).status).toBe(404)
  })

  test('a member of another workspace is not found through this one', async () => {
    const t = await setupAuthApp()
    const response = await t.call('owner', 'PATCH', `${MEMBERS}/${t.userIds.stranger}`, {
      body: { role: 'admin' },
    })
    expect(response.status).toBe(404)
    expect((await t.call('owner', 'DELETE', `${MEMBERS}/${t.userIds.stranger}`)).status).toBe(404)
    expect(await t.deps.accounts.getRole(FOREIGN_WS, t.userIds.stranger)).toBe('owner')
  })
})

describe('workspaces and settings', () => {
  test('a signed-in user creates a workspace and owns it; settings are read by members, changed by owners', async () => {
    const t = await setupAuthApp()
    const created = await t.call('member', 'POST', '/api/workspaces', { body: { name: 'Side project' } })
    expect(created.status).toBe(201)
    const workspace = await created.json()
    expect(workspace).toMatchObject({ name: 'Side project', role: 'owner' })
    const mine = await (await t.call('member', 'GET', '/api/workspaces')).json()
    expect(mine.items.map((item: { role: string }) => item.role).sort()).toEqual(['member', 'owner'])
    expect(await (await t.call('member', 'GET', SETTINGS)).json()).toEqual({
      workspaceId: OWN_WS,
      name: 'Default workspace',
      installPolicy: 'admins',
    })
    const patch = await t.call('owner', 'PATCH', SETTINGS, {
      body: { name: 'Ops', installPolicy: 'everyone' },
    })
    expect(await patch.json()).toEqual({ workspaceId: OWN_WS, name: 'Ops', installPolicy: 'everyone' })
    expect((await t.call('owner', 'PATCH', SETTINGS, { body: {} })).status).toBe(400)
  })

  test.each([
    ['everyone', { member: 202, admin: 202, owner: 202 }],
    ['admins', { member: 403, admin: 202, owner: 202 }],
    ['nobody', { member: 403, admin: 403, owner: 403 }],
  ] as const)('install policy %s', async (installPolicy, statuses) => {
    for (const role of ['member', 'admin', 'owner'] as const) {
      const t = await setupAuthApp()
      await t.call('owner', 'PATCH', SETTINGS, { body: { installPolicy } })
      const response = await t.call(role, 'POST', `/api/workspaces/${OWN_WS}/installs`, { body: install })
      expect(response.status, `${role} under ${installPolicy}`).toBe(statuses[role])
    }
  })

  test('the actor of a task is the signed-in user', async () => {
    const t = await setupAuthApp()
    const response = await t.call('admin', 'POST', `/api/workspaces/${OWN_WS}/installs`, { body: install })
    expect((await response.json()).task.actor).toBe(t.emails.admin)
  })

  test('API responses carry strict security headers', async () => {
    const t = await setupAuthApp()
    const response = await t.call('anonymous', 'GET', '/api/health')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  })
})
