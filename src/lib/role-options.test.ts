import { expect, test } from 'vitest'
import { AUDIT_ACTIONS } from '#core/api/audit-schemas.ts'
import { ROLES } from '#core/api/auth-schemas.ts'
import { AUDIT_ACTION_OPTIONS, ROLE_OPTIONS } from './role-options.ts'

test('the SPA offers exactly the roles and audit actions core defines', () => {
  expect(ROLE_OPTIONS).toEqual(ROLES)
  expect(AUDIT_ACTION_OPTIONS).toEqual(AUDIT_ACTIONS)
})
