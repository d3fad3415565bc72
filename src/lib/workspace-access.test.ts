import { describe, expect, test } from 'vitest'
import type { Role } from '#core/api/auth-schemas.ts'
import type { InstallPolicy } from '#core/api/workspace-schemas.ts'
import { accessFor } from './workspace-access.tsx'

describe('accessFor: what each role may do, with the install policy', () => {
  test.each([
    // role, policy, install, operate, manageMembers/Settings, readAudit
    ['member', 'admins', false, false, false, false],
    ['member', 'everyone', true, false, false, false],
    ['member', 'nobody', false, false, false, false],
    ['admin', 'admins', true, true, false, true],
    ['admin', 'everyone', true, true, false, true],
    ['admin', 'nobody', false, true, false, true],
    ['owner', 'admins', true, true, true, true],
    ['owner', 'nobody', false, true, true, true],
    ['owner', undefined, true, true, true, true],
    [undefined, 'everyone', false, false, false, false],
  ] as const)(
    '%s with policy %s → install %s, operate %s, manage %s, audit %s',
    (role, policy, install, operate, manage, audit) => {
      const { can } = accessFor(role as Role | undefined, policy as InstallPolicy | undefined)
      expect(can).toEqual({
        install,
        operate,
        manageMembers: manage,
        manageSettings: manage,
        readAudit: audit,
        manageNodes: false,
      })
    },
  )

  test('the Nodes page is for owners of the instance workspace, in any workspace they open', () => {
    expect(accessFor('member', 'admins', true).can.manageNodes).toBe(true)
    expect(accessFor('owner', 'admins', false).can.manageNodes).toBe(false)
  })
})
