import { useQuery } from '@tanstack/react-query'
import { LogOut } from 'lucide-react'
import { Button } from '#src/components/ui/button.tsx'
import { authQueries, useSignOut } from '../api/auth-queries.ts'

/** Who is signed in, their role in this workspace, and sign out. */
export function UserMenu({ workspaceId, onSignedOut }: { workspaceId: string; onSignedOut: () => void }) {
  const me = useQuery(authQueries.me())
  const signOut = useSignOut()
  if (!me.data) return null
  const role = me.data.workspaces.find((workspace) => workspace.id === workspaceId)?.role
  return (
    <div className="flex items-center gap-1 text-sm">
      <span className="hidden text-zinc-600 sm:inline dark:text-zinc-400">
        {me.data.user.name}
        {role ? <span className="ml-1 text-xs text-muted">({role})</span> : null}
      </span>
      <Button
        variant="ghost"
        size="icon"
        aria-label="Sign out"
        title="Sign out"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: onSignedOut })}
      >
        <LogOut />
      </Button>
    </div>
  )
}
