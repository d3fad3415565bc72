import type { ReactNode } from 'react'
import { Popover, PopoverContent, PopoverTrigger } from '#src/components/ui/popover.tsx'
import { taskButtonClass } from './task-button-class.ts'
import { TaskPanel } from './task-panel.tsx'

/** Esc closes it and focus returns to the button (Radix); focus moves into the panel on open. */
export function TaskPanelPopover({
  workspaceId,
  label,
  children,
}: {
  workspaceId: string
  label: string
  children: ReactNode
}) {
  return (
    <Popover>
      <PopoverTrigger className={taskButtonClass} aria-label={label}>
        {children}
      </PopoverTrigger>
      <PopoverContent className="w-[min(26rem,calc(100vw-1rem))]" aria-label="Tasks">
        <TaskPanel workspaceId={workspaceId} />
      </PopoverContent>
    </Popover>
  )
}
