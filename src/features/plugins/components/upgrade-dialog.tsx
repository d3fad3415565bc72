import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { compareSemver } from '#core/manifest/semver.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogClose, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'
import { Select } from '#src/components/ui/input.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { pluginQueries } from '../api/plugin-queries.ts'

export function UpgradeDialog({
  workspaceId,
  plugin,
  open,
  onOpenChange,
  onConfirm,
}: {
  workspaceId: string
  plugin: Plugin
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (version: string) => void
}) {
  const entry = useQuery({
    ...pluginQueries.catalogEntry(workspaceId, plugin.pluginId, plugin.source.sourceId),
    enabled: open,
  })
  // Only newer versions: going back is a rollback, not an upgrade.
  const versions = (entry.data?.versions ?? []).filter(
    (candidate) => compareSemver(candidate.version, plugin.version) > 0,
  )
  const [chosen, setChosen] = useState<string | null>(null)
  const selected = versions.find((candidate) => candidate.version === chosen) ?? versions[0]
  const added = selected?.capabilities.filter((cap) => !plugin.approvedCapabilities.includes(cap)) ?? []
  const selectId = useId()

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={`Upgrade ${plugin.name}`} description={`Installed version ${plugin.version}.`}>
        {entry.isPending ? (
          <Skeleton className="h-8 w-full" />
        ) : entry.isError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not load the versions: {entry.error.message}
          </p>
        ) : versions.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            The catalog has no newer version of this plugin.
          </p>
        ) : (
          <div className="flex flex-col gap-3 text-sm">
            <label htmlFor={selectId} className="font-medium">
              Version
            </label>
            <Select
              id={selectId}
              value={selected?.version}
              onChange={(event) => setChosen(event.target.value)}
            >
              {versions.map((candidate) => (
                <option key={candidate.version} value={candidate.version}>
                  {candidate.version}
                </option>
              ))}
            </Select>
            {added.length > 0 ? (
              <p className="rounded-md border border-amber-200 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
                This version asks for new capabilities: {added.join(', ')}. It will wait for your approval
                before it runs.
              </p>
            ) : null}
          </div>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            variant="primary"
            disabled={!selected}
            onClick={() => {
              if (!selected) return
              onConfirm(selected.version)
              onOpenChange(false)
            }}
          >
            Upgrade
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
