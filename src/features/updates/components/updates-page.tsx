import { useQuery } from '@tanstack/react-query'
import { Pin, PinOff } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Update, UpdateList } from '#core/api/update-schemas.ts'
import { TrustBadges } from '#src/components/trust-badges.tsx'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { formatAge } from '#src/lib/format-age.ts'
import { useNow } from '#src/lib/use-now.ts'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { updateQueries, usePin, useSetPolicy, useUpdateSeveral } from '../api/update-queries.ts'
import { UpdatePolicyForm } from './update-policy-form.tsx'
import { UpdatePreviewDialog } from './update-preview-dialog.tsx'

const UPDATES_PAGE_RECHECK_MS = 60_000

/** Available updates: pick several, preview them all, update them as one task; pins and the policy. */
export function UpdatesPage({ workspaceId }: { workspaceId: string }) {
  // The page about updates checks its sources every minute while open; elsewhere the push suffices.
  const updates = useQuery({ ...updateQueries.list(workspaceId), refetchInterval: UPDATES_PAGE_RECHECK_MS })
  const policy = useQuery(updateQueries.policy(workspaceId))
  const access = useWorkspaceAccess(workspaceId)
  const updateSeveral = useUpdateSeveral(workspaceId)
  const setPolicy = useSetPolicy(workspaceId)
  const pin = usePin(workspaceId)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [previewing, setPreviewing] = useState(false)
  const items = updates.data?.items ?? []
  const lastCheck = updates.data?.lastCheck ?? null
  // The age of the last background check ticks on between answers.
  const now = useNow(updates.data !== undefined, 30_000)
  const chosen = items.filter((item) => selected.has(item.pluginId))
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Updates</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Installed plugins with a newer version in their source
            {updates.data ? (
              <span title={lastCheck ? new Date(lastCheck.at).toLocaleString() : undefined}>
                {lastCheck
                  ? ` · sources checked ${formatAge(now - Date.parse(lastCheck.at))}`
                  : ' · the background check has not run yet'}
              </span>
            ) : null}
            .
          </p>
        </div>
        {access.can.operate ? (
          <Button variant="primary" disabled={chosen.length === 0} onClick={() => setPreviewing(true)}>
            Update selected ({chosen.length})
          </Button>
        ) : null}
      </header>
      {policy.data ? (
        <UpdatePolicyForm
          key={JSON.stringify(policy.data)}
          policy={policy.data}
          canEdit={access.can.operate}
          saving={setPolicy.isPending}
          onSave={(next) => setPolicy.mutate(next)}
        />
      ) : null}
      {lastCheck?.error ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          The last background check failed ({formatAge(now - Date.parse(lastCheck.at))}): {lastCheck.error}
        </p>
      ) : null}
      {updates.data?.problems.map((problem) => (
        <p
          key={problem.sourceId}
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Updates from {problem.name} are unknown: {problem.message}
        </p>
      ))}
      {updates.isPending ? (
        <Skeleton className="h-32" />
      ) : updates.isError ? (
        <LoadError
          title="Could not check for updates"
          error={updates.error}
          onRetry={() => updates.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyUpdates lastCheck={lastCheck} sourcesFailed={(updates.data?.problems.length ?? 0) > 0} />
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Available updates">
          {items.map((item) => (
            <UpdateRow
              key={item.pluginId}
              workspaceId={workspaceId}
              update={item}
              selectable={access.can.operate}
              selected={selected.has(item.pluginId)}
              onToggle={() => toggle(item.pluginId)}
              onPin={(pinned) => pin.mutate({ pluginId: item.pluginId, pinned })}
            />
          ))}
        </ul>
      )}
      <UpdatePreviewDialog
        updates={chosen}
        open={previewing}
        onOpenChange={setPreviewing}
        pending={updateSeveral.isPending}
        onConfirm={() =>
          updateSeveral.mutate(
            chosen.map((item) => ({ pluginId: item.pluginId, version: item.version })),
            {
              onSuccess: () => {
                setPreviewing(false)
                setSelected(new Set())
              },
            },
          )
        }
      />
    </section>
  )
}

/**
 * Nothing newer found. "Up to date" only when every source answered and the background check ran
 * without a failure: otherwise a newer version may exist that nobody could see.
 */
function EmptyUpdates({
  lastCheck,
  sourcesFailed,
}: {
  lastCheck: UpdateList['lastCheck']
  sourcesFailed: boolean
}) {
  const doubt =
    sourcesFailed || lastCheck?.error
      ? 'Some sources could not be checked: newer versions may exist.'
      : lastCheck
        ? null
        : 'The background check has not run yet.'
  return (
    <StateMessage title={doubt ? 'No update found' : 'Every plugin is up to date'}>
      {doubt ? <p className="text-xs">{doubt}</p> : null}
    </StateMessage>
  )
}

function UpdateRow({
  workspaceId,
  update,
  selectable,
  selected,
  onToggle,
  onPin,
}: {
  workspaceId: string
  update: Update
  selectable: boolean
  selected: boolean
  onToggle: () => void
  onPin: (pinned: boolean) => void
}) {
  return (
    <li
      aria-label={update.name}
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        {selectable ? (
          <input
            type="checkbox"
            checked={selected}
            onChange={onToggle}
            aria-label={`Select ${update.name}`}
            className="size-4"
          />
        ) : null}
        <Link to={`/w/${workspaceId}/plugins/${update.pluginId}`} className="font-medium hover:underline">
          {update.name}
        </Link>
        <span className="font-mono text-xs">
          {update.installedVersion} → {update.version}
        </span>
        <Badge tone={update.jump === 'major' ? 'warning' : 'info'}>{update.jump}</Badge>
        {update.addedCapabilities.length > 0 ? (
          <Badge tone="warning">needs approval: {update.addedCapabilities.join(', ')}</Badge>
        ) : null}
        {update.pinned ? <Badge tone="muted">pinned</Badge> : null}
        {update.policyVersion ? <Badge tone="success">automatic: {update.policyVersion}</Badge> : null}
        <TrustBadges trust={update.trust} />
        {selectable ? (
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => onPin(!update.pinned)}>
            {update.pinned ? <PinOff aria-hidden /> : <Pin aria-hidden />}
            {update.pinned ? 'Unpin' : 'Pin'}
          </Button>
        ) : null}
      </div>
      {update.changelog ? (
        <details>
          <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">Changelog</summary>
          <pre className="mt-1 whitespace-pre-wrap text-xs">{update.changelog}</pre>
        </details>
      ) : null}
    </li>
  )
}
