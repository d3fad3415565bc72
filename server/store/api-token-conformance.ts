import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AccountStore, ApiTokenRecord } from '#server/app/account-ports.ts'
import type { MakeAccountStore } from './account-conformance.ts'

const AT = '2026-03-01T12:00:00.000Z'
const token = (id: string, patch: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id,
  workspaceId: 'ws-a',
  userId: 'u-admin',
  name: `token ${id}`,
  prefix: `pbt_${id}`,
  hash: `hash-of-${id}`,
  role: 'member',
  createdAt: AT,
  expiresAt: null,
  lastUsedAt: null,
  ...patch,
})

/** API tokens in every AccountStore (memory, PGlite, PostgreSQL). */
export function describeApiTokenConformance(label: string, makeStore: MakeAccountStore): void {
  describe(`AccountStore API tokens: ${label}`, () => {
    let accounts: AccountStore
    let close: () => Promise<void>
    beforeEach(async () => {
      ;({ accounts, close } = await makeStore())
      for (const id of ['u-owner', 'u-admin', 'u-stranger']) {
        await accounts.createUser({
          id,
          email: `${id}@example.test`,
          name: id,
          passwordHash: 'x',
          createdAt: AT,
        })
      }
      const workspace = (id: string) => ({ id, name: id, installPolicy: 'admins' as const, createdAt: AT })
      await accounts.createWorkspace(workspace('ws-a'), 'u-owner')
      await accounts.createWorkspace(workspace('ws-b'), 'u-stranger')
      await accounts.addMember('ws-a', 'u-admin', 'admin', AT)
    })
    afterEach(async () => close())

    test('a token is found by its hash only, listed per workspace and member, oldest first', async () => {
      await accounts.createApiToken(token('tok-2', { createdAt: '2026-03-02T00:00:00.000Z', role: 'admin' }))
      await accounts.createApiToken(token('tok-1', { expiresAt: '2026-04-01T00:00:00.000Z' }))
      await accounts.createApiToken(
        token('tok-3', { userId: 'u-owner', createdAt: '2026-03-03T00:00:00.000Z' }),
      )
      await accounts.createApiToken(token('tok-b', { workspaceId: 'ws-b', userId: 'u-stranger' }))
      expect(await accounts.findApiToken('hash-of-tok-1')).toEqual(
        token('tok-1', { expiresAt: '2026-04-01T00:00:00.000Z' }),
      )
      expect(await accounts.findApiToken('tok-1')).toBeNull()
      expect((await accounts.listApiTokens('ws-a')).map((t) => t.id)).toEqual(['tok-1', 'tok-2', 'tok-3'])
      expect((await accounts.listApiTokens('ws-a', 'u-admin')).map((t) => [t.id, t.role])).toEqual([
        ['tok-1', 'member'],
        ['tok-2', 'admin'],
      ])
      expect((await accounts.listApiTokens('ws-b')).map((t) => t.id)).toEqual(['tok-b'])
    })

    test('use is recorded; a token is deleted only through its own workspace', async () => {
      await accounts.createApiToken(token('tok-1'))
      await accounts.touchApiToken('tok-1', '2026-03-05T08:00:00.000Z')
      expect((await accounts.findApiToken('hash-of-tok-1'))?.lastUsedAt).toBe('2026-03-05T08:00:00.000Z')
      expect(await accounts.deleteApiToken('ws-b', 'tok-1')).toBeNull()
      expect((await accounts.deleteApiToken('ws-a', 'tok-1'))?.id).toBe('tok-1')
      expect(await accounts.findApiToken('hash-of-tok-1')).toBeNull()
      expect(await accounts.deleteApiToken('ws-a', 'tok-1')).toBeNull()
    })

    test("a member's tokens go when they leave the workspace, and a failed atomic block keeps none", async () => {
      await accounts.createApiToken(token('tok-1'))
      await accounts.createApiToken(token('tok-2', { userId: 'u-owner' }))
      expect(await accounts.removeMember('ws-a', 'u-admin')).toBe('ok')
      expect(await accounts.findApiToken('hash-of-tok-1')).toBeNull()
      expect((await accounts.listApiTokens('ws-a')).map((t) => t.id)).toEqual(['tok-2'])
      await expect(
        accounts.atomically(async (tx) => {
          await tx.createApiToken(token('tok-3', { userId: 'u-owner' }))
          throw new Error('the audit write failed')
        }),
      ).rejects.toThrow('the audit write failed')
      expect(await accounts.findApiToken('hash-of-tok-3')).toBeNull()
    })
  })
}
