import { Boxes, Check, Download } from 'lucide-react'
import { useId, useState } from 'react'
import type { MarketplaceEntry } from '#core/api/marketplace-schemas.ts'
import { TrustBadges } from '#src/components/trust-badges.tsx'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { Select } from '#src/components/ui/input.tsx'

const SIGNATURE_WORD = { signed: 'signed', invalid: 'signature invalid', unsigned: 'unsigned' } as const

export function CatalogCard({
  entry,
  sourceName,
  installed,
  installing,
  canInstall,
  onInstall,
}: {
  entry: MarketplaceEntry
  /** The source it comes from, shown for registry plugins. */
  sourceName: string
  installed: boolean
  canInstall: boolean
  installing: boolean
  onInstall: (version: string) => void
}) {
  const [version, setVersion] = useState(entry.latestVersion)
  const chosen = entry.versions.find((candidate) => candidate.version === version) ?? entry.versions[0]
  const versionId = useId()
  const isBundle = !!entry.bundle && entry.bundle.length > 0

  return (
    <article
      aria-label={entry.name}
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header>
        <h2 className="flex items-center gap-2 font-semibold">
          {isBundle ? <Boxes aria-hidden className="size-4 text-muted" /> : null}
          {entry.name}
          {isBundle ? <Badge tone="info">Bundle</Badge> : null}
        </h2>
        <p className="font-mono text-xs text-muted">
          {entry.pluginId} · by {entry.author}
        </p>
        {entry.sourceId !== 'catalog' ? <p className="text-xs text-zinc-500">from {sourceName}</p> : null}
      </header>
      <p className="line-clamp-3 text-sm text-zinc-700 dark:text-zinc-300">{entry.description}</p>
      {entry.categories.length > 0 ? (
        <ul className="flex flex-wrap gap-1" aria-label="Categories">
          {entry.categories.map((category) => (
            <li key={category}>
              <Badge>{category}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {isBundle ? (
        <div className="text-xs">
          <p className="font-medium text-zinc-600 dark:text-zinc-400">Installs</p>
          <ul className="mt-1 flex flex-col gap-0.5 font-mono">
            {entry.bundle?.map((member) => (
              <li key={member.pluginId}>
                {member.pluginId}@{member.version}
              </li>
            ))}
          </ul>
        </div>
      ) : chosen ? (
        <div className="text-xs">
          <p className="font-medium text-zinc-600 dark:text-zinc-400">Capabilities of {chosen.version}</p>
          <p className="mt-1 font-mono">{chosen.capabilities.join(', ') || 'none'}</p>
          {chosen.trust ? (
            <p className="mt-1">
              <TrustBadges trust={chosen.trust} />
            </p>
          ) : null}
          {chosen.changelog ? (
            <p className="mt-1 line-clamp-3 text-zinc-600 dark:text-zinc-400">
              <span className="font-medium">What's new:</span> {chosen.changelog}
            </p>
          ) : null}
        </div>
      ) : null}
      <footer className="mt-auto flex items-center justify-between gap-2 pt-1">
        {isBundle ? (
          <span className="text-xs text-muted">v{entry.latestVersion}</span>
        ) : (
          <div className="flex items-center gap-1.5 text-xs">
            <label htmlFor={versionId} className="text-muted">
              Version
            </label>
            <Select
              id={versionId}
              className="h-7 text-xs"
              value={version}
              onChange={(event) => setVersion(event.target.value)}
            >
              {entry.versions.map((candidate) => (
                <option key={candidate.version} value={candidate.version}>
                  {candidate.version}
                  {candidate.trust ? ` · ${SIGNATURE_WORD[candidate.trust.signature]}` : ''}
                </option>
              ))}
            </Select>
          </div>
        )}
        {installed ? (
          <Badge tone="success">
            <Check aria-hidden className="size-3" /> Installed
            {entry.installedVersion ? ` v${entry.installedVersion}` : ''}
          </Badge>
        ) : !canInstall ? null : (
          <Button
            size="sm"
            variant="primary"
            disabled={installing}
            onClick={() => onInstall(version)}
            aria-label={`Install ${entry.name}`}
          >
            <Download aria-hidden /> Install
          </Button>
        )}
      </footer>
    </article>
  )
}
