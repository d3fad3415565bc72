import { Download } from 'lucide-react'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { useInstallPackage } from '../api/package-queries.ts'

/** What the server found in the uploaded archive; the manifest's text is the plugin's, shown as text. */
export function UploadedPackageCard({
  workspaceId,
  uploaded,
  onDone,
}: {
  workspaceId: string
  uploaded: UploadedPackage
  onDone: () => void
}) {
  const install = useInstallPackage(workspaceId)
  const { manifest } = uploaded
  return (
    <article
      aria-label={`Uploaded package ${manifest.name}`}
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-950"
    >
      <h2 className="font-semibold">
        {manifest.name} <span className="font-mono text-xs text-muted">v{manifest.version}</span>
      </h2>
      <p className="font-mono text-xs text-muted">
        {manifest.id} · by {manifest.author}
      </p>
      {manifest.description ? (
        <p className="text-zinc-700 dark:text-zinc-300">{manifest.description}</p>
      ) : null}
      <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-xs">
        <dt className="text-muted">Capabilities</dt>
        <dd className="font-mono">{manifest.capabilities.join(', ') || 'none'}</dd>
        <dt className="text-muted">Modules</dt>
        <dd>{manifest.modules.map((module) => module.name).join(', ') || 'none'}</dd>
        <dt className="text-muted">sha256</dt>
        <dd className="font-mono break-all">{uploaded.sha256}</dd>
      </dl>
      <div className="flex gap-2">
        {install.isSuccess ? (
          <p role="status" className="text-emerald-700 dark:text-emerald-400">
            Installing {manifest.name} — follow it in the task panel.
          </p>
        ) : (
          <Button
            size="sm"
            variant="primary"
            disabled={install.isPending}
            onClick={() => install.mutate(uploaded)}
          >
            <Download aria-hidden /> Install package
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onDone}>
          {install.isSuccess ? 'Done' : 'Discard'}
        </Button>
      </div>
    </article>
  )
}
