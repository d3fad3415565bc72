import type { Task } from '#core/api/task-schemas.ts'
import { isActive } from '#core/tasks/task-status.ts'
import { Button } from '#src/components/ui/button.tsx'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { taskTitle } from '../api/task-changes.ts'
import { useCancelTask, useClearTask, useRetryTask } from '../api/task-mutations.ts'
import { retryRequestFor } from '../api/task-retry.ts'
import { TaskItemRow } from './task-item-row.tsx'

export function TaskCard({ workspaceId, task }: { workspaceId: string; task: Task }) {
  const cancel = useCancelTask(workspaceId)
  const retry = useRetryTask(workspaceId)
  const clear = useClearTask(workspaceId)
  const canOperate = useWorkspaceAccess(workspaceId).can.operate
  const active = isActive(task.status)
  const title = taskTitle(task)
  const canRetry = !active && task.status !== 'success' && retryRequestFor(workspaceId, task) !== null

  return (
    <li
      className="border-b border-zinc-100 px-3 py-2 last:border-b-0 dark:border-zinc-800"
      aria-label={title}
    >
      <div className="flex items-center justify-between gap-2">
        <p className="truncate text-sm font-medium">{title}</p>
        <time className="shrink-0 text-xs text-zinc-500" dateTime={task.createdAt}>
          {new Date(task.createdAt).toLocaleTimeString()}
        </time>
      </div>
      {task.items.length > 1 && !active ? (
        <p className="text-xs text-zinc-500">
          {task.counts.succeeded} of {task.counts.total} succeeded
        </p>
      ) : null}
      <ul>
        {task.items.map((item) => (
          <TaskItemRow key={item.id} item={item} />
        ))}
      </ul>
      {canOperate ? (
        <div className="mt-1 flex justify-end gap-1">
          {active ? (
            <Button
              size="sm"
              variant="ghost"
              disabled={task.cancelRequested || cancel.isPending}
              onClick={() => cancel.mutate(task.id)}
              aria-label={`Cancel ${title}`}
            >
              {task.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </Button>
          ) : (
            <>
              {canRetry ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={retry.isPending}
                  onClick={() => retry.mutate(task)}
                  aria-label={`Retry ${title}`}
                >
                  Retry
                </Button>
              ) : null}
              <Button
                size="sm"
                variant="ghost"
                disabled={clear.isPending}
                onClick={() => clear.mutate(task.id)}
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
