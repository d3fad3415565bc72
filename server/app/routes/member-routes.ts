import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import { createMemberService } from '#server/app/services/member-service.ts'

/** `/api/workspaces/:ws/members`. */
export function memberHandlers(
  deps: AppDeps,
): EndpointHandlers<'listMembers' | 'addMember' | 'updateMember' | 'removeMember'> {
  const members = createMemberService(deps)
  return {
    listMembers: (c) => members.list(workspaceOf(c)),
    addMember: (c, { body }) => members.add(workspaceOf(c), body),
    updateMember: (c, { body }) => members.setRole(workspaceOf(c), paramOf(c, 'userId'), body.role),
    removeMember: (c) => members.remove(workspaceOf(c), paramOf(c, 'userId')),
  }
}
