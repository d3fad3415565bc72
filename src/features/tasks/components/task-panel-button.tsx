import { useQuery } from '@tanstack/react-query'
import { ListChecks } from 'lucide-react'
import { isActive } from '#core/tasks/task-status.ts'
import { buttonVariants } from '#src/components/ui/button.tsx'
import { Popover, PopoverContent, PopoverTrigger } from '#src/components/ui/popover.tsx'
import { cn } from '#src/lib/cn.ts'
import { activeProgress } from '../api/task-changes.ts'
import { taskQueries } from '../api/task-queries.ts'
import { ProgressRing } from './progress-ring.tsx'
import { TaskPanel } from './task-panel.tsx'

/** The header button: active count and a ring with the average progress of active items. */
export function TaskPanelButton({ workspaceId }: { workspaceId: string }) {
  const { data } = useQuery(taskQueries.latestSnapshot(workspaceId))
  const tasks = data?.items ?? []
  const activeCount = data
    ? Math.max(data.activeCount, tasks.filter((task) => isActive(task.status)).length)
    : 0
  const progress = activeProgress(tasks)
  const label =
    activeCount > 0
      ? `Tasks, ${activeCount} active${progress !== null ? `, ${progress}% done` : ''}`
      : 'Tasks'

  return (
    <Popover>
      <PopoverTrigger
        className={cn(buttonVariants({ variant: 'ghost', size: 'md' }), 'gap-2')}
        aria-label={label}
      >
        {activeCount > 0 ? <ProgressRing value={progress ?? 0} /> : <ListChecks aria-hidden />}
        <span aria-hidden>Tasks</span>
        {activeCount > 0 ? (
          <span
            aria-hidden
            className="rounded-full bg-sky-600 px-1.5 text-xs font-semibold text-white tabular-nums"
          >
            {activeCount}
          </span>
        ) : null}
      </PopoverTrigger>
      <PopoverContent className="w-[min(26rem,calc(100vw-1rem))]" aria-label="Tasks">
        <TaskPanel workspaceId={workspaceId} />
      </PopoverContent>
    </Popover>
  )
}
