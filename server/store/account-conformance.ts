import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AuditQuery } from '#core/api/audit-schemas.ts'
import type { AccountStore, NewAuditEntry, UserRecord, WorkspaceRecord } from '#server/app/account-ports.ts'

export type MakeAccountStore = () => Promise<{ accounts: AccountStore; close(): Promise<void> }>

const AT = '2026-03-01T12:00:00.000Z'
const user = (id: string, email = `${id}@example.test`): UserRecord => ({
  id,
  email,
  name: id,
  passwordHash: `hash-of-${id}`,
  createdAt: AT,
})
const workspace = (id: string, name = id): WorkspaceRecord => ({
  id,
  name,
  installPolicy: 'admins',
  createdAt: AT,
})
const entry = (patch: Partial<NewAuditEntry>): NewAuditEntry => ({
  workspaceId: 'ws-a',
  at: AT,
  actorId: 'u-owner',
  actorEmail: 'u-owner@example.test',
  action: 'plugin.enable',
  target: null,
  outcome: 'success',
  ip: null,
  details: {},
  ...patch,
})
const query = (patch: Partial<AuditQuery> = {}): AuditQuery => ({ page: 1, pageSize: 50, ...patch })

/** The behaviour every AccountStore shares (memory, PGlite, PostgreSQL). */
export function describeAccountConformance(label: string, makeStore: MakeAccountStore): void {
  describe(`AccountStore conformance: ${label}`, () => {
    let accounts: AccountStore
    let close: () => Promise<void>
    beforeEach(async () => {
      ;({ accounts, close } = await makeStore())
    })
    afterEach(async () => close())

    test('setup creates the owner and the workspace only while no user exists', async () => {
      expect(await accounts.hasUsers()).toBe(false)
      const results = await Promise.all([
        accounts.setupOwner(user('u-1'), workspace('default', 'First')),
        accounts.setupOwner(user('u-2'), workspace('other')),
      ])
      const winner = results[0] ? 'u-1' : 'u-2'
      expect([...results].sort()).toEqual([false, true])
      expect(await accounts.hasUsers()).toBe(true)
      expect(await accounts.listUserWorkspaces(winner)).toHaveLength(1)
      expect(await accounts.setupOwner(user('u-3'), workspace('third'))).toBe(false)
      expect(await accounts.getUser('u-3')).toBeNull()
    })

    test('an atomic block commits its writes together, or none of them when it throws', async () => {
      await accounts.createUser(user('u-1'))
      const failed = accounts.atomically(async (tx) => {
        await tx.createWorkspace(workspace('ws-a', 'Half'), 'u-1')
        await tx.appendAudit(entry({ action: 'workspace.create' }))
        throw new Error('the audit write failed')
      })
      await expect(failed).rejects.toThrow('the audit write failed')
      expect(await accounts.getWorkspace('ws-a')).toBeNull()
      expect(await accounts.listUserWorkspaces('u-1')).toEqual([])
      expect((await accounts.listAudit('ws-a', query())).total).toBe(0)
      const kept = await accounts.atomically(async (tx) => {
        await tx.createWorkspace(workspace('ws-a', 'Whole'), 'u-1')
        return tx.appendAudit(entry({ action: 'workspace.create' }))
      })
      expect(kept.action).toBe('workspace.create')
      expect(await accounts.getWorkspace('ws-a')).toMatchObject({ name: 'Whole' })
      expect((await accounts.listAudit('ws-a', query())).total).toBe(1)
    })

    test('users are unique by email; sessions are stored, found and deleted', async () => {
      expect(await accounts.createUser(user('u-1', 'a@example.test'))).toBe(true)
      expect(await accounts.createUser(user('u-2', 'a@example.test'))).toBe(false)
      expect(await accounts.findUserByEmail('a@example.test')).toEqual(user('u-1', 'a@example.test'))
      expect(await accounts.findUserByEmail('nobody@example.test')).toBeNull()
      const session = { id: 'hash-1', userId: 'u-1', createdAt: AT, expiresAt: '2026-03-08T12:00:00.000Z' }
      await accounts.createSession(session)
      expect(await accounts.getSession('hash-1')).toEqual(session)
      await accounts.deleteSession('hash-1')
      expect(await accounts.getSession('hash-1')).toBeNull()
    })

    test('a password change keeps the user; other sessions can be ended, expired ones purged', async () => {
      await accounts.createUser(user('u-1'))
      expect(await accounts.setPasswordHash('u-1', 'new-hash')).toBe(true)
      expect((await accounts.getUser('u-1'))?.passwordHash).toBe('new-hash')
      expect(await accounts.setPasswordHash('u-nobody', 'x')).toBe(false)
      const session = (id: string, expiresAt: string) => ({ id, userId: 'u-1', createdAt: AT, expiresAt })
      await accounts.createSession(session('s-old', '2026-03-01T13:00:00.000Z'))
      await accounts.createSession(session('s-a', '2026-03-09T00:00:00.000Z'))
      await accounts.createSession(session('s-b', '2026-03-09T00:00:00.000Z'))
      expect(await accounts.deleteExpiredSessions('2026-03-02T00:00:00.000Z')).toBe(1)
      expect(await accounts.deleteUserSessions('u-1', 's-a')).toBe(1)
      expect(await accounts.getSession('s-a')).not.toBeNull()
      expect(await accounts.getSession('s-b')).toBeNull()
      expect(await accounts.deleteUserSessions('u-1')).toBe(1)
    })

    describe('memberships', () => {
      beforeEach(async () => {
        for (const id of ['u-owner', 'u-admin', 'u-member', 'u-stranger']) await accounts.createUser(user(id))
        await accounts.createWorkspace(workspace('ws-a', 'Alpha'), 'u-owner')
        await accounts.createWorkspace(workspace('ws-b', 'Beta'), 'u-stranger')
        await accounts.addMember('ws-a', 'u-admin', 'admin', AT)
        await accounts.addMember('ws-a', 'u-member', 'member', AT)
      })

      test('roles are per workspace; a second add of the same user is refused', async () => {
        expect(await accounts.getRole('ws-a', 'u-owner')).toBe('owner')
        expect(await accounts.getRole('ws-a', 'u-stranger')).toBeNull()
        expect(await accounts.getRole('ws-b', 'u-owner')).toBeNull()
        expect(await accounts.addMember('ws-a', 'u-member', 'admin', AT)).toBe(false)
        expect((await accounts.listMembers('ws-a')).map((member) => [member.id, member.role])).toEqual([
          ['u-admin', 'admin'],
          ['u-member', 'member'],
          ['u-owner', 'owner'],
        ])
        await accounts.addMember('ws-b', 'u-owner', 'member', AT)
        expect(await accounts.listUserWorkspaces('u-owner')).toEqual([
          { workspace: workspace('ws-a', 'Alpha'), role: 'owner' },
          { workspace: workspace('ws-b', 'Beta'), role: 'member' },
        ])
        // Every workspace, whoever is in it (a row the plugin store made may be there too).
        const ids = await accounts.listWorkspaceIds()
        expect(ids).toEqual(expect.arrayContaining(['ws-a', 'ws-b']))
        expect(ids).toEqual([...ids].sort())
      })

      test('the last owner can be neither demoted nor removed; with two owners, one can', async () => {
        expect(await accounts.setRole('ws-a', 'u-owner', 'admin')).toBe('last_owner')
        expect(await accounts.removeMember('ws-a', 'u-owner')).toBe('last_owner')
        expect(await accounts.setRole('ws-a', 'u-nobody', 'admin')).toBe('not_found')
        expect(await accounts.removeMember('ws-b', 'u-member')).toBe('not_found')
        expect(await accounts.setRole('ws-a', 'u-admin', 'owner')).toBe('ok')
        const both = await Promise.all([
          accounts.setRole('ws-a', 'u-owner', 'member'),
          accounts.setRole('ws-a', 'u-admin', 'member'),
        ])
        expect(both.sort()).toEqual(['last_owner', 'ok'])
        expect(await accounts.removeMember('ws-a', 'u-member')).toBe('ok')
        expect(await accounts.getRole('ws-a', 'u-member')).toBeNull()
      })

      test('settings are updated by field; an unknown workspace is null', async () => {
        expect(await accounts.updateWorkspace('ws-a', { installPolicy: 'everyone' })).toEqual({
          ...workspace('ws-a', 'Alpha'),
          installPolicy: 'everyone',
        })
        expect((await accounts.updateWorkspace('ws-a', { name: 'Renamed' }))?.installPolicy).toBe('everyone')
        expect(await accounts.getWorkspace('ws-a')).toMatchObject({
          name: 'Renamed',
          installPolicy: 'everyone',
        })
        expect(await accounts.getWorkspace('ws-nope')).toBeNull()
        expect(await accounts.updateWorkspace('ws-nope', { name: 'x' })).toBeNull()
      })

      test('the end of an audited task settles its entries: a failure is not left as a success', async () => {
        await accounts.appendAudit(entry({ details: { taskId: 't-1' } }))
        await accounts.appendAudit(entry({ details: { taskId: 't-2' } }))
        await accounts.appendAudit(entry({ workspaceId: 'ws-b', details: { taskId: 't-1' } }))
        // Cancelling it was done when the cancel answered: that entry stays as it is.
        await accounts.appendAudit(entry({ action: 'task.cancel', details: { taskId: 't-1' } }))
        await accounts.settleAuditTask('ws-a', 't-1', 'failed')
        await accounts.settleAuditTask('ws-a', 't-2', 'success')
        const byTask = async (workspaceId: string) =>
          (await accounts.listAudit(workspaceId, query())).items.map((item) => [item.details, item.outcome])
        expect(await byTask('ws-a')).toEqual(
          expect.arrayContaining([
            [{ taskId: 't-1', taskStatus: 'failed' }, 'failure'],
            [{ taskId: 't-2', taskStatus: 'success' }, 'success'],
            [{ taskId: 't-1' }, 'success'],
          ]),
        )
        expect(await byTask('ws-b')).toEqual([[{ taskId: 't-1' }, 'success']])
      })

      test('the audit log: own entries and members’ sign-ins, filtered, newest first, paginated', async () => {
        await accounts.appendAudit(entry({ at: '2026-03-01T10:00:00.000Z', action: 'plugin.install' }))
        await accounts.appendAudit(entry({ at: '2026-03-01T11:00:00.000Z', details: { taskId: 't-1' } }))
        await accounts.appendAudit(
          entry({ workspaceId: null, at: '2026-03-01T11:30:00.000Z', action: 'auth.login', ip: '10.0.0.1' }),
        )
        await accounts.appendAudit(entry({ workspaceId: 'ws-b', actorId: 'u-stranger', actorEmail: null }))
        await accounts.appendAudit(
          entry({ workspaceId: null, actorId: 'u-stranger', actorEmail: null, action: 'auth.login' }),
        )
        await accounts.appendAudit(
          entry({ at: '2026-03-01T12:30:00.000Z', actorId: 'u-admin', actorEmail: 'u-admin@example.test' }),
        )
        const all = await accounts.listAudit('ws-a', query())
        expect(all.total).toBe(4)
        expect(all.items.map((item) => [item.action, item.at])).toEqual([
          ['plugin.enable', '2026-03-01T12:30:00.000Z'],
          ['auth.login', '2026-03-01T11:30:00.000Z'],
          ['plugin.enable', '2026-03-01T11:00:00.000Z'],
          ['plugin.install', '2026-03-01T10:00:00.000Z'],
        ])
        expect(all.items[1]).toMatchObject({ workspaceId: null, ip: '10.0.0.1', outcome: 'success' })
        expect(all.items[2]?.details).toEqual({ taskId: 't-1' })
        const ids = async (patch: Partial<AuditQuery>) =>
          (await accounts.listAudit('ws-a', query(patch))).items.map((item) => item.at)
        expect(await ids({ action: 'auth.login' })).toEqual(['2026-03-01T11:30:00.000Z'])
        expect(await ids({ actor: 'U-ADMIN@example.test' })).toEqual(['2026-03-01T12:30:00.000Z'])
        expect(await ids({ actor: 'u-admin' })).toEqual(['2026-03-01T12:30:00.000Z'])
        expect(await ids({ from: '2026-03-01T11:00:00.000Z', to: '2026-03-01T12:00:00.000Z' })).toEqual([
          '2026-03-01T11:30:00.000Z',
          '2026-03-01T11:00:00.000Z',
        ])
        const page = await accounts.listAudit('ws-a', query({ page: 2, pageSize: 3 }))
        expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 })
        expect(page.items.map((item) => item.action)).toEqual(['plugin.install'])
      })
    })
  })
}
