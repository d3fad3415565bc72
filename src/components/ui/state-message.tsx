import type { ReactNode } from 'react'
import { cn } from '#src/lib/cn.ts'

/** The shared look of empty and error states. */
export function StateMessage({
  title,
  children,
  tone = 'neutral',
  role,
}: {
  title: ReactNode
  children?: ReactNode
  tone?: 'neutral' | 'danger'
  role?: 'alert' | 'status'
}) {
  return (
    <div
      role={role}
      className={cn(
        'flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center',
        tone === 'danger'
          ? 'border-red-300 text-red-800 dark:border-red-900 dark:text-red-300'
          : 'border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400',
      )}
    >
      <p className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</p>
      {children}
    </div>
  )
}
