import { useQuery } from '@tanstack/react-query'
import { ListChecks } from 'lucide-react'
import { lazy, Suspense } from 'react'
import { isActive } from '#core/tasks/task-status.ts'
import { activeProgress } from '../api/task-changes.ts'
import { taskQueries } from '../api/task-queries.ts'
import { ProgressRing } from './progress-ring.tsx'
import { taskButtonClass } from './task-button-class.ts'

// The popover and the panel load just after the first paint (initial JS budget); the button,
// its count and its ring are in the entry chunk and work from the first poll.
const TaskPanelPopover = lazy(() =>
  import('./task-panel-popover.tsx').then((m) => ({ default: m.TaskPanelPopover })),
)

/** The header button: active count and a ring with the average progress of active items. */
export function TaskPanelButton({ workspaceId }: { workspaceId: string }) {
  const { data } = useQuery(taskQueries.latestSnapshot(workspaceId))
  const tasks = data?.items ?? []
  const activeCount = data
    ? Math.max(data.activeCount, tasks.filter((task) => isActive(task.status)).length)
    : 0
  const progress = activeProgress(tasks)
  const label =
    activeCount > 0 ? `Tasks ${activeCount} active${progress !== null ? `, ${progress}% done` : ''}` : 'Tasks'
  const face = (
    <>
      {activeCount > 0 ? <ProgressRing value={progress ?? 0} /> : <ListChecks aria-hidden />}
      <span aria-hidden className="max-sm:hidden">
        Tasks
      </span>
      {/* The label starts with what is seen ("Tasks 3"), so speech input can name the button. */}
      {activeCount > 0 ? ' ' : null}
      {activeCount > 0 ? (
        <span
          aria-hidden
          className="rounded-full bg-sky-600 px-1.5 text-xs font-semibold text-white tabular-nums"
        >
          {activeCount}
        </span>
      ) : null}
    </>
  )
  return (
    <Suspense
      fallback={
        <button type="button" className={taskButtonClass} aria-label={label} aria-disabled="true">
          {face}
        </button>
      }
    >
      <TaskPanelPopover workspaceId={workspaceId} label={label}>
        {face}
      </TaskPanelPopover>
    </Suspense>
  )
}
