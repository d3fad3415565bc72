import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Member } from '#core/api/workspace-schemas.ts'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { memberQueries, useChangeRole, useRemoveMember } from '../api/member-queries.ts'
import { InviteMemberForm } from './invite-member-form.tsx'
import { MemberRow } from './member-row.tsx'
import { RemoveMemberDialog } from './remove-member-dialog.tsx'

/** Everyone reads the member list; owners change roles, remove and invite. */
export function MembersPage({ workspaceId, currentUserId }: { workspaceId: string; currentUserId?: string }) {
  const members = useQuery(memberQueries.list(workspaceId))
  const canManage = useWorkspaceAccess(workspaceId).can.manageMembers
  const changeRole = useChangeRole(workspaceId)
  const remove = useRemoveMember(workspaceId)
  const [removing, setRemoving] = useState<Member | null>(null)

  return (
    <section className="flex flex-col gap-5">
      <header>
        <h1 className="text-lg font-semibold">Members</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {canManage
            ? 'Invite people, change their roles, or remove them.'
            : 'Who has access to this workspace. Only owners can change it.'}
        </p>
      </header>
      {changeRole.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not change the role: {changeRole.error.message}
        </p>
      ) : null}
      {members.isPending ? (
        <Skeleton className="h-32 w-full" aria-busy="true" aria-label="Loading members" />
      ) : members.isError ? (
        <LoadError
          title="Could not load the members"
          error={members.error}
          onRetry={() => members.refetch()}
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs text-muted dark:border-zinc-800">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Email</th>
                <th className="px-3 py-2 font-medium">Role</th>
                <th className="px-3 py-2 font-medium">Joined</th>
                {canManage ? (
                  <th className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((member) => (
                <MemberRow
                  key={member.id}
                  member={member}
                  isSelf={member.id === currentUserId}
                  canManage={canManage}
                  busy={changeRole.isPending && changeRole.variables?.userId === member.id}
                  onRoleChange={(role) => changeRole.mutate({ userId: member.id, role })}
                  onRemove={() => {
                    remove.reset()
                    setRemoving(member)
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? <InviteMemberForm workspaceId={workspaceId} /> : null}
      <RemoveMemberDialog
        member={removing}
        pending={remove.isPending}
        error={remove.isError ? remove.error.message : null}
        onClose={() => setRemoving(null)}
        onConfirm={(member) => remove.mutate(member.id, { onSuccess: () => setRemoving(null) })}
      />
    </section>
  )
}
