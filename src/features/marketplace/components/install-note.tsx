import { Info } from 'lucide-react'
import type { InstallPolicy } from '#core/api/workspace-schemas.ts'

/** Said instead of offering Install buttons the server would refuse. */
export function InstallNote({ policy }: { policy: InstallPolicy | undefined }) {
  return (
    <p
      role="note"
      className="flex items-center gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400"
    >
      <Info aria-hidden className="size-4 shrink-0" />
      {policy === 'nobody'
        ? 'Installing plugins is switched off in this workspace'
        : 'Only admins can install plugins in this workspace'}
    </p>
  )
}
