import type { Role } from '#core/api/auth-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { seedAccount } from './seed-account.ts'

/** The password of every demo user (the login page of mock mode accepts it). */
export const DEMO_PASSWORD = 'plugboard-demo'

/** Demo users of the default workspace, one per role, each with a session of its own. */
export const DEMO_USERS: Record<Role, { email: string; name: string; sessionToken: string }> = {
  owner: { email: 'owner@plugboard.dev', name: 'Olivia Owner', sessionToken: 'demo-session-owner' },
  admin: { email: 'admin@plugboard.dev', name: 'Ada Admin', sessionToken: 'demo-session-admin' },
  member: { email: 'member@plugboard.dev', name: 'Max Member', sessionToken: 'demo-session-member' },
}

/** Seeds the demo users into `workspaceId` (owner first: a workspace always has one). */
export async function seedDemoAccounts(deps: AppDeps, workspaceId: string): Promise<void> {
  for (const role of ['owner', 'admin', 'member'] as const) {
    await seedAccount(deps, {
      workspaceId,
      workspaceName: 'Demo workspace',
      role,
      password: DEMO_PASSWORD,
      ...DEMO_USERS[role],
    })
  }
}
