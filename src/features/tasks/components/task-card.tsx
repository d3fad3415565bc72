import { useEffect, useRef } from 'react'
import type { TaskSummary } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'
import { Button } from '#src/components/ui/button.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { taskTitle } from '../api/task-changes.ts'
import { useCancelTask, useClearTask, useRetryTask } from '../api/task-mutations.ts'
import { retryRequestFor } from '../api/task-retry.ts'
import { TaskItemRow } from './task-item-row.tsx'

export function TaskCard({
  workspaceId,
  task,
  takeFocus = false,
  onFocusTaken,
  onCancelled,
  onCleared,
}: {
  workspaceId: string
  task: TaskSummary
  /** Move keyboard focus to this card's first action (after the control that had it went away). */
  takeFocus?: boolean
  onFocusTaken?: () => void
  onCancelled?: () => void
  onCleared?: () => void
}) {
  const actionsRef = useRef<HTMLDivElement>(null)
  const cancel = useCancelTask(workspaceId)
  const retry = useRetryTask(workspaceId)
  const clear = useClearTask(workspaceId)
  const canOperate = useWorkspaceAccess(workspaceId).can.operate
  const active = isActive(task.status)
  const title = taskTitle(task)
  const canRetry = !active && task.status !== 'success' && retryRequestFor(workspaceId, task) !== null
  const cancelling = task.cancelRequested || cancel.isPending

  // Only when focus is lost (on <body>) or already here: never taken from what the user chose since.
  useEffect(() => {
    if (!takeFocus) return
    const focused = document.activeElement
    const here = actionsRef.current
    if (focused && focused !== document.body && !here?.contains(focused)) return
    here?.querySelector<HTMLButtonElement>('button')?.focus()
    // A task being cancelled keeps the request until it ends and its card moves to Failed.
    if (!isActive(task.status)) onFocusTaken?.()
  }, [takeFocus, task.status, onFocusTaken])

  return (
    <li
      className="border-b border-zinc-100 px-3 py-2 last:border-b-0 dark:border-zinc-800"
      aria-label={title}
    >
      <div className="flex items-center justify-between gap-2">
        <p className="truncate text-sm font-medium">{title}</p>
        <time className="shrink-0 text-xs text-muted" dateTime={task.createdAt}>
          {new Date(task.createdAt).toLocaleTimeString()}
        </time>
      </div>
      {task.items.length > 1 && !active ? (
        <p className="text-xs text-muted">
          {task.counts.succeeded} of {task.counts.total} succeeded
        </p>
      ) : null}
      <ul>
        {task.items.map((item) => (
          <TaskItemRow key={item.id} workspaceId={workspaceId} taskId={task.id} item={item} />
        ))}
      </ul>
      {canOperate ? (
        <div ref={actionsRef} className="mt-1 flex justify-end gap-1">
          {active ? (
            // aria-disabled, not disabled, while busy: a disabled button drops keyboard focus to <body>.
            <Button
              size="sm"
              variant="ghost"
              aria-disabled={cancelling}
              onClick={() => {
                if (cancelling) return
                onCancelled?.()
                cancel.mutate(task.id)
              }}
              aria-label={`Cancel ${title}`}
            >
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          ) : (
            <>
              {canRetry ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-disabled={retry.isPending}
                  onClick={() => {
                    if (!retry.isPending) retry.mutate(task)
                  }}
                  aria-label={`Retry ${title}`}
                >
                  Retry
                </Button>
              ) : null}
              <Button
                size="sm"
                variant="ghost"
                aria-disabled={clear.isPending}
                onClick={() => {
                  // The promise, not mutate's callbacks: those are dropped once this card unmounts.
                  if (!clear.isPending) clear.mutateAsync(task.id).then(onCleared, () => {})
                }}
                aria-label={`Clear ${title}`}
              >
                Clear
              </Button>
            </>
          )}
        </div>
      ) : null}
    </li>
  )
}
