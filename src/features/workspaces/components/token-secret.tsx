import { Copy, TriangleAlert } from 'lucide-react'
import { useState } from 'react'
import { Button } from '#src/components/ui/button.tsx'

/**
 * A new token's secret, shown once: the server keeps only its hash, so once this is closed nobody
 * can show it again (a lost secret means a new token).
 */
export function TokenSecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <div
      role="status"
      aria-label="New token secret"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="flex items-start gap-1.5 font-medium text-amber-900 dark:text-amber-200">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>
          Copy the secret of “{name}” now: you won’t see it again. Send it as{' '}
          <code className="font-mono">Authorization: Bearer …</code>
        </span>
      </p>
      <code className="rounded bg-white px-2 py-1 font-mono break-all dark:bg-zinc-900">{secret}</code>
      <div>
        <Button
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret)
            setCopied(true)
          }}
        >
          <Copy aria-hidden /> {copied ? 'Copied' : 'Copy secret'}
        </Button>
      </div>
    </div>
  )
}
