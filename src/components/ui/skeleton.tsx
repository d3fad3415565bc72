import type { ComponentProps } from 'react'
import { cn } from '#src/lib/cn.ts'

export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('animate-pulse rounded bg-zinc-200 dark:bg-zinc-800', className)} {...props} />
}
