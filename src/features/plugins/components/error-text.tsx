import { useId, useState } from 'react'
import { Button } from '#src/components/ui/button.tsx'
import { firstLine, hasMoreLines } from '#src/lib/text.ts'

/** An error's first line, with the full text one click away. Always rendered as text. */
export function ErrorText({ text }: { text: string }) {
  const [open, setOpen] = useState(false)
  const detailId = useId()
  return (
    <div className="text-sm">
      <p className="font-medium text-red-700 dark:text-red-400">{firstLine(text)}</p>
      {hasMoreLines(text) ? (
        <>
          <Button
            variant="link"
            size="sm"
            className="px-0"
            aria-expanded={open}
            aria-controls={detailId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Show details'}
          </Button>
          {open ? (
            <pre
              id={detailId}
              className="mt-1 max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs whitespace-pre-wrap dark:bg-zinc-900"
            >
              {text}
            </pre>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
