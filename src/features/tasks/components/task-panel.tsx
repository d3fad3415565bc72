import { useQueries, useQuery } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import type { TaskSummary } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { useClearCompletedTasks } from '../api/task-mutations.ts'
import { taskQueries } from '../api/task-queries.ts'
import { TaskCard } from './task-card.tsx'

// Failures come before successes: they are what needs attention, and the panel is scrolled from the top.
const GROUPS = [
  { id: 'running', title: 'Running', includes: (task: TaskSummary) => isActive(task.status) },
  {
    id: 'failed',
    title: 'Failed',
    includes: (task: TaskSummary) => task.status === 'failed' || task.status === 'cancelled',
  },
  { id: 'succeeded', title: 'Succeeded', includes: (task: TaskSummary) => task.status === 'success' },
] as const

/** The panel's content: tasks grouped Running / Failed / Succeeded, newest first, 50 at a time. */
export function TaskPanel({ workspaceId }: { workspaceId: string }) {
  // Where keyboard focus goes once the control that had it is gone (a cleared card, a cancelled
  // task moving to Failed): a task's first action, or the panel's heading when no task is left.
  const [focusTask, setFocusTask] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const latest = useQuery(taskQueries.latestSnapshot(workspaceId))
  const [olderPages, setOlderPages] = useState(0)
  const older = useQueries({
    queries: Array.from({ length: olderPages }, (_, index) => taskQueries.page(workspaceId, index + 2)),
  })
  const clearCompleted = useClearCompletedTasks(workspaceId)
  const canOperate = useWorkspaceAccess(workspaceId).can.operate

  function moveFocus(taskId: string | null) {
    if (taskId) setFocusTask(taskId)
    else headingRef.current?.focus()
  }

  if (latest.isPending) {
    return (
      <div className="flex flex-col gap-2 p-3" aria-busy="true">
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    )
  }
  if (latest.isError) {
    return (
      <div role="alert" className="flex flex-col items-start gap-2 p-3 text-sm">
        <p className="text-red-700 dark:text-red-400">Could not load the tasks: {latest.error.message}</p>
        <Button size="sm" onClick={() => latest.refetch()}>
          Retry
        </Button>
      </div>
    )
  }

  const seen = new Set<string>()
  const tasks: TaskSummary[] = []
  for (const task of [latest.data.items, ...older.map((page) => page.data?.items ?? [])].flat()) {
    if (seen.has(task.id)) continue
    seen.add(task.id)
    tasks.push(task)
  }
  const grouped = GROUPS.map((group) => ({ ...group, members: tasks.filter(group.includes) }))
  const shown = grouped.flatMap((group) => group.members)
  const hasTerminal = tasks.some((task) => !isActive(task.status))
  /** The card after `taskId` in display order (else the one before), once `taskId` is gone. */
  const neighbourOf = (taskId: string, keep: (task: TaskSummary) => boolean = () => true) => {
    const index = shown.findIndex((task) => task.id === taskId)
    const after = shown.slice(index + 1).find(keep)
    const before = shown.slice(0, Math.max(0, index)).reverse().find(keep)
    return (after ?? before)?.id ?? null
  }
  const loadingMore = older.some((page) => page.isFetching)
  const hasMore = tasks.length < latest.data.total

  return (
    <div className="flex max-h-[min(36rem,80vh)] flex-col">
      <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h2 ref={headingRef} tabIndex={-1} className="text-sm font-semibold focus:outline-none">
          Tasks
        </h2>
        {canOperate ? (
          <Button
            size="sm"
            variant="ghost"
            disabled={!hasTerminal || clearCompleted.isPending}
            onClick={() =>
              clearCompleted.mutate(undefined, {
                onSuccess: () => moveFocus(shown.find((task) => isActive(task.status))?.id ?? null),
              })
            }
          >
            Clear all completed
          </Button>
        ) : null}
      </div>
      <div className="overflow-y-auto">
        {tasks.length === 0 ? <p className="p-4 text-center text-sm text-muted">No tasks yet.</p> : null}
        {grouped.map(({ members, ...group }) => {
          if (members.length === 0) return null
          return (
            <section key={group.id} aria-labelledby={`task-group-${group.id}`}>
              <h3
                id={`task-group-${group.id}`}
                className="sticky top-0 bg-zinc-50 px-3 py-1 text-xs font-medium text-muted uppercase dark:bg-zinc-900"
              >
                {group.title} <span className="font-normal">({members.length})</span>
              </h3>
              <ul>
                {members.map((task) => (
                  <TaskCard
                    key={task.id}
                    workspaceId={workspaceId}
                    task={task}
                    takeFocus={focusTask === task.id}
                    onFocusTaken={() => setFocusTask(null)}
                    onCancelled={() => setFocusTask(task.id)}
                    onCleared={() => moveFocus(neighbourOf(task.id))}
                  />
                ))}
              </ul>
            </section>
          )
        })}
        {hasMore ? (
          <div className="p-2 text-center">
            <Button size="sm" disabled={loadingMore} onClick={() => setOlderPages(olderPages + 1)}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  )
}
