import type { Role } from '#core/api/auth-schemas.ts'
import { sessionIdOf } from '#server/app/auth/session-token.ts'
import type { AppDeps } from '#server/app/ports.ts'

export interface SeedAccount {
  workspaceId: string
  workspaceName?: string
  email: string
  name: string
  role: Role
  password?: string
  /** The session cookie value this user is signed in with. */
  sessionToken: string
}

/**
 * A user with a role in a workspace (created with its owner, who is seeded first) and a
 * session whose cookie value is `sessionToken`, valid for a year. For mocks and tests only.
 */
export async function seedAccount(deps: AppDeps, account: SeedAccount): Promise<{ userId: string }> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const userId = `usr_${account.email.replaceAll(/[^A-Za-z0-9_-]/g, '-').slice(0, 56)}`
  await deps.accounts.createUser({
    id: userId,
    email: account.email,
    name: account.name,
    passwordHash: await deps.hasher.hash(account.password ?? 'plugboard-demo'),
    createdAt: at,
  })
  if (!(await deps.accounts.getWorkspace(account.workspaceId))) {
    const workspace = {
      id: account.workspaceId,
      name: account.workspaceName ?? 'Default workspace',
      installPolicy: 'admins' as const,
      createdAt: at,
    }
    if (account.role !== 'owner') throw new Error(`seed the owner of ${account.workspaceId} first`)
    await deps.accounts.createWorkspace(workspace, userId)
  } else {
    await deps.accounts.addMember(account.workspaceId, userId, account.role, at)
  }
  await deps.accounts.createSession({
    id: await sessionIdOf(account.sessionToken),
    userId,
    createdAt: at,
    expiresAt: new Date(now.getTime() + 365 * 24 * 60 * 60_000).toISOString(),
  })
  return { userId }
}
