import { useQuery } from '@tanstack/react-query'
import { Pin, PinOff } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Update } from '#core/api/update-schemas.ts'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { LoadError } from '#src/components/ui/load-error.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
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
            {updates.data ? ` · checked ${new Date(updates.data.checkedAt).toLocaleTimeString()}` : ''}.
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
        <StateMessage title="Every plugin is up to date" />
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
