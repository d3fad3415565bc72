import { useQuery } from '@tanstack/react-query'
import { Plus } from 'lucide-react'
import { useState } from 'react'
import type { ApiToken } from '#core/api/token-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { useNow } from '#src/lib/use-now.ts'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { tokenQueries, useRevokeToken } from '../api/token-queries.ts'
import { CreateTokenDialog } from './create-token-dialog.tsx'
import { RevokeTokenDialog } from './revoke-token-dialog.tsx'
import { TokenRow } from './token-row.tsx'

const COLUMNS = ['Name', 'Token', 'Role', 'Created', 'Last used', 'Expires']

/** Personal API tokens: everyone manages their own; an owner sees (and may revoke) everyone's. */
export function ApiTokensPage({ workspaceId }: { workspaceId: string }) {
  const tokens = useQuery(tokenQueries.list(workspaceId))
  const { role, can } = useWorkspaceAccess(workspaceId)
  const seesEveryone = can.manageMembers
  const revoke = useRevokeToken(workspaceId)
  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<ApiToken | null>(null)
  // Expiry badges only need to be right to the minute.
  const now = useNow(true, 60_000)
  const columns = seesEveryone ? [...COLUMNS.slice(0, 3), 'Owner', ...COLUMNS.slice(3)] : COLUMNS

  return (
    <section className="flex flex-col gap-5">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">API tokens</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Tokens let scripts and the command line act as you in this workspace, with at most your role.
            {seesEveryone ? ' As an owner you see every member’s tokens and may revoke any.' : ''}
          </p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <Plus aria-hidden /> Create token
        </Button>
      </header>
      {tokens.isPending ? (
        <Skeleton className="h-32 w-full" aria-busy="true" aria-label="Loading API tokens" />
      ) : tokens.isError ? (
        <LoadError
          title="Could not load the API tokens"
          error={tokens.error}
          onRetry={() => tokens.refetch()}
        />
      ) : tokens.data.items.length === 0 ? (
        <StateMessage title="No API tokens yet" role="status">
          <p className="text-sm">Create one for a script or the command line; its secret is shown once.</p>
        </StateMessage>
      ) : (
        // `relative`: the screen-reader labels (absolutely placed) scroll with the table instead of
        // widening the page on a phone.
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
          <table className="w-full text-left text-sm" aria-label="API tokens">
            <thead className="border-b border-zinc-200 text-xs text-muted dark:border-zinc-800">
              <tr>
                {columns.map((column) => (
                  <th key={column} className="px-3 py-2 font-medium">
                    {column}
                  </th>
                ))}
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  showOwner={seesEveryone}
                  now={now}
                  onRevoke={() => {
                    revoke.reset()
                    setRevoking(token)
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateTokenDialog
        workspaceId={workspaceId}
        role={role}
        open={creating}
        onClose={() => setCreating(false)}
      />
      <RevokeTokenDialog
        token={revoking}
        pending={revoke.isPending}
        error={revoke.isError ? revoke.error.message : null}
        onClose={() => setRevoking(null)}
        onConfirm={(token) => revoke.mutate(token.id, { onSuccess: () => setRevoking(null) })}
      />
    </section>
  )
}
