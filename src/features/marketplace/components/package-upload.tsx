import { Upload } from 'lucide-react'
import { type DragEvent, useId, useState } from 'react'
import { cn } from '#src/lib/cn.ts'
import { isPackageFile, useUploadPackage } from '../api/package-queries.ts'
import { UploadedPackageCard } from './uploaded-package-card.tsx'

/** Drop a `.tgz` (or choose one with the file input), see what the server verified, then install it. */
export function PackageUpload({ workspaceId }: { workspaceId: string }) {
  const upload = useUploadPackage(workspaceId)
  const [dragging, setDragging] = useState(false)
  const [refused, setRefused] = useState<string | null>(null)
  const inputId = useId()

  function send(file: File | undefined) {
    if (!file) return
    if (!isPackageFile(file)) {
      upload.reset()
      setRefused(`${file.name} is not a .tgz package`)
      return
    }
    setRefused(null)
    upload.mutate(file)
  }

  function onDrop(event: DragEvent) {
    event.preventDefault()
    setDragging(false)
    send(event.dataTransfer.files[0])
  }

  const error = refused ?? (upload.isError ? upload.error.message : null)
  return (
    <section aria-label="Upload a plugin package" className="flex flex-col gap-2">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file input inside is the keyboard's way */}
      <div
        data-testid="package-drop-zone"
        onDragOver={(event) => {
          event.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          'flex flex-wrap items-center gap-3 rounded-lg border-2 border-dashed border-zinc-300 px-4 py-3 text-sm dark:border-zinc-700',
          dragging && 'border-sky-500 bg-sky-50 dark:bg-sky-950',
        )}
      >
        <Upload aria-hidden className="size-5 text-zinc-400" />
        <span className="text-zinc-600 dark:text-zinc-400">Drop a plugin package (.tgz) here, or</span>
        <label htmlFor={inputId} className="font-medium">
          Choose a package file
        </label>
        <input
          id={inputId}
          type="file"
          accept=".tgz,.tar.gz,application/gzip,application/x-gzip"
          className="text-xs file:mr-2 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2 file:py-1 dark:file:border-zinc-700 dark:file:bg-zinc-900"
          disabled={upload.isPending}
          onChange={(event) => {
            send(event.target.files?.[0])
            event.target.value = ''
          }}
        />
        {upload.isPending ? (
          <span role="status" className="text-muted">
            Uploading…
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Upload failed: {error}
        </p>
      ) : null}
      {upload.data ? (
        <UploadedPackageCard workspaceId={workspaceId} uploaded={upload.data} onDone={() => upload.reset()} />
      ) : null}
    </section>
  )
}
