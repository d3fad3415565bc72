import { Copy, TriangleAlert } from 'lucide-react'
import { useState } from 'react'
import { Button } from '#src/components/ui/button.tsx'

/**
 * The invited user's temporary password, shown once: the server keeps only its hash, so once this
 * is dismissed (or the page left) nobody can show it again.
 */
export function TemporaryPasswordNotice({
  email,
  password,
  onDismiss,
}: {
  email: string
  password: string
  onDismiss: () => void
}) {
  const [copied, setCopied] = useState(false)
  return (
    <div
      role="status"
      aria-label="Temporary password"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="flex items-center gap-1.5 font-medium text-amber-900 dark:text-amber-200">
        <TriangleAlert aria-hidden className="size-4" /> {email} was invited. This temporary password is shown
        only once — copy it now and pass it on securely.
      </p>
      <div className="flex items-center gap-2">
        <code className="rounded bg-white px-2 py-1 font-mono dark:bg-zinc-900">{password}</code>
        <Button
          size="sm"
          aria-label="Copy password"
          onClick={async () => {
            await navigator.clipboard?.writeText(password)
            setCopied(true)
          }}
        >
          <Copy aria-hidden /> {copied ? 'Copied' : 'Copy password'}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  )
}
