import type { Role } from '#core/api/auth-schemas.ts'
import type { AddMember, Member } from '#core/api/workspace-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { MembershipChange } from '#server/app/account-ports.ts'
import { newTemporaryPassword } from '#server/app/auth/session-token.ts'
import type { AppDeps } from '#server/app/ports.ts'

function refuse(change: MembershipChange, what: string): void {
  if (change === 'not_found') throw new ApiError('NOT_FOUND', 'unknown member')
  if (change === 'last_owner') {
    throw new ApiError('CONFLICT', `cannot ${what} the last owner: make someone else owner first`)
  }
}

/** Members of a workspace: add (existing user, or invited with a temporary password), role, remove. */
export function createMemberService(deps: AppDeps) {
  const { accounts } = deps
  /** After a committed membership change: members' consoles refresh, streams check access again. */
  const changed = (workspaceId: string) => {
    deps.changes?.publish(workspaceId, { type: 'members.changed', data: {} })
    deps.changes?.accessChanged()
  }
  const memberOf = async (workspaceId: string, userId: string): Promise<Member> => {
    const member = (await accounts.listMembers(workspaceId)).find((candidate) => candidate.id === userId)
    if (!member) throw new ApiError('NOT_FOUND', 'unknown member')
    return member
  }
  return {
    list: async (workspaceId: string) => ({ items: await accounts.listMembers(workspaceId) }),
    /**
     * An existing user (by email) is added as they are. An unknown email creates an invited user
     * whose temporary password is answered once (the owner passes it on; only its hash is kept).
     */
    async add(
      workspaceId: string,
      request: AddMember,
    ): Promise<{ member: Member; temporaryPassword?: string }> {
      const at = deps.clock.now().toISOString()
      let user = await accounts.findUserByEmail(request.email)
      let temporaryPassword: string | undefined
      if (!user) {
        temporaryPassword = newTemporaryPassword()
        const candidate = {
          id: deps.newId('usr'),
          email: request.email,
          name: request.name ?? request.email.split('@')[0] ?? request.email,
          passwordHash: await deps.hasher.hash(temporaryPassword),
          createdAt: at,
        }
        // Lost a race with another invite of the same email: add the user that won.
        if (await accounts.createUser(candidate)) user = candidate
        else {
          user = await accounts.findUserByEmail(request.email)
          temporaryPassword = undefined
        }
      }
      if (!user) throw new ApiError('CONFLICT', 'the user could not be created')
      if (!(await accounts.addMember(workspaceId, user.id, request.role, at))) {
        throw new ApiError('CONFLICT', `${request.email} is a member already`)
      }
      changed(workspaceId)
      const member = await memberOf(workspaceId, user.id)
      return temporaryPassword ? { member, temporaryPassword } : { member }
    },
    async setRole(workspaceId: string, userId: string, role: Role): Promise<Member> {
      refuse(await accounts.setRole(workspaceId, userId, role), 'demote')
      changed(workspaceId)
      return memberOf(workspaceId, userId)
    },
    async remove(workspaceId: string, userId: string): Promise<void> {
      refuse(await accounts.removeMember(workspaceId, userId), 'remove')
      changed(workspaceId)
    },
  }
}
