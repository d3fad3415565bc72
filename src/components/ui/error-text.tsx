import { type ReactNode, useId, useState } from 'react'
import { firstLine } from '#core/tasks/error-text.ts'
import { Button } from '#src/components/ui/button.tsx'
import { cn } from '#src/lib/cn.ts'
import { hasMoreLines } from '#src/lib/text.ts'

/**
 * An error's first line, with the full text one click away (docs/task-pipeline.md: the task panel, and the plugin
 * page's errors). Always rendered as text. `compact` is the task panel's smaller type. `details`: the full
 * text lives elsewhere (a task list carries only the message): shown, and rendered only, once opened.
 */
export function ErrorText({
  text,
  compact = false,
  details,
}: {
  text: string
  compact?: boolean
  details?: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const detailId = useId()
  return (
    <div className={compact ? 'text-xs' : 'text-sm'}>
      <p className={cn('text-red-700 dark:text-red-400', !compact && 'font-medium')}>{firstLine(text)}</p>
      {details !== undefined || hasMoreLines(text) ? (
        <>
          <Button
            variant="link"
            size="sm"
            className={cn('px-0', compact && 'h-5 text-xs')}
            aria-expanded={open}
            aria-controls={detailId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Show details'}
          </Button>
          {open ? (
            <pre
              id={detailId}
              className={cn(
                'mt-1 overflow-auto rounded bg-zinc-100 p-2 whitespace-pre-wrap dark:bg-zinc-900',
                compact ? 'max-h-48' : 'max-h-64 text-xs',
              )}
            >
              {details ?? text}
            </pre>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
