import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { Role } from '#core/api/auth-schemas.ts'
import type { Member } from '#core/api/workspace-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { workspaceQueries } from './workspace-queries.ts'

export interface AddMemberResponse {
  member: Member
  /** Only for a user this call created: shown once, never again. */
  temporaryPassword?: string
}

export interface InviteForm {
  email: string
  role: Role
  name?: string
}

export const memberQueries = {
  all: (workspaceId: string) => [...workspaceQueries.all(workspaceId), 'members'] as const,
  list: (workspaceId: string) =>
    queryOptions({
      queryKey: memberQueries.all(workspaceId),
      queryFn: ({ signal }) => apiRequest<{ items: Member[] }>(apiPaths.members(workspaceId), { signal }),
    }),
}

function useInvalidateMembers(workspaceId: string) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: memberQueries.all(workspaceId) })
}

export function useAddMember(workspaceId: string) {
  const invalidate = useInvalidateMembers(workspaceId)
  return useMutation({
    mutationFn: (body: InviteForm) =>
      apiRequest<AddMemberResponse>(apiPaths.members(workspaceId), { method: 'POST', body }),
    onSuccess: invalidate,
  })
}

export function useChangeRole(workspaceId: string) {
  const invalidate = useInvalidateMembers(workspaceId)
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      apiRequest<Member>(apiPaths.member(workspaceId, userId), { method: 'PATCH', body: { role } }),
    onSettled: invalidate,
  })
}

export function useRemoveMember(workspaceId: string) {
  const invalidate = useInvalidateMembers(workspaceId)
  return useMutation({
    mutationFn: (userId: string) =>
      apiRequest<void>(apiPaths.member(workspaceId, userId), { method: 'DELETE' }),
    onSuccess: invalidate,
  })
}
