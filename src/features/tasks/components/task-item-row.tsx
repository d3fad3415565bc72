import { useQuery } from '@tanstack/react-query'
import { Ban, CircleCheck, CircleX, LoaderCircle } from 'lucide-react'
import type { TaskItemSummary } from '#core/api/task-schemas.ts'
import { fullErrorText } from '#core/tasks/error-text.ts'
import { isActive } from '#core/tasks/task-status.ts'
import { ErrorText } from '#src/components/ui/error-text.tsx'
import { taskQueries } from '../api/task-queries.ts'

export function TaskItemIcon({ status }: { status: TaskItemSummary['status'] }) {
  switch (status) {
    case 'success':
      return (
        <CircleCheck
          aria-label="Succeeded"
          className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400"
        />
      )
    case 'failed':
      return <CircleX aria-label="Failed" className="size-4 shrink-0 text-red-600 dark:text-red-400" />
    case 'cancelled':
      return <Ban aria-label="Cancelled" className="size-4 shrink-0 text-muted" />
    default:
      return (
        <LoaderCircle
          aria-label={status === 'pending' ? 'Pending' : 'Running'}
          className="size-4 shrink-0 animate-spin text-sky-600"
        />
      )
  }
}

/**
 * An item's full error text: the list carries only its message, the task's own answer has the rest,
 * asked for when someone opens the details.
 */
function TaskErrorDetail({
  workspaceId,
  taskId,
  item,
}: {
  workspaceId: string
  taskId: string
  item: TaskItemSummary
}) {
  const task = useQuery(taskQueries.detail(workspaceId, taskId))
  const message = item.error?.message ?? ''
  if (task.isPending) return `${message}\n…`
  const error = task.data?.items.find((candidate) => candidate.id === item.id)?.error
  if (!error) return `${message}\n(the full text could not be loaded)`
  return fullErrorText(error.message, error.detail)
}

/** One plugin's share of a task: icon, progress and step while running, error with details on demand. */
export function TaskItemRow({
  workspaceId,
  taskId,
  item,
}: {
  workspaceId: string
  taskId: string
  item: TaskItemSummary
}) {
  const running = isActive(item.status)

  return (
    <li className="flex gap-2 py-1">
      <TaskItemIcon status={item.status} />
      <div className="min-w-0 flex-1 text-xs">
        <p className="truncate">
          <span className="font-medium">{item.pluginName}</span>
          {item.version ? (
            <span className="ml-1 font-mono text-muted">
              {item.params?.fromVersion ? `${item.params.fromVersion} → ` : ''}
              {item.version}
            </span>
          ) : null}
          {item.status === 'cancelled' ? <span className="ml-1 text-muted">cancelled</span> : null}
          {item.node ? (
            <span
              className="ml-1 text-muted"
              title={`Node ${item.node} ${running ? 'runs' : 'ran'} this item`}
            >
              · on <span className="font-mono">{item.node}</span>
            </span>
          ) : null}
        </p>
        {running ? (
          <div className="mt-1">
            <div
              role="progressbar"
              aria-label={`${item.pluginName} progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={item.progress}
              className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
            >
              <div
                className="h-full bg-sky-500 transition-[width] duration-500"
                style={{ width: `${item.progress}%` }}
              />
            </div>
            <p className="mt-0.5 text-muted">
              {stepText(item)} · {item.progress}%
            </p>
          </div>
        ) : null}
        {item.error ? (
          <div className="mt-0.5">
            <ErrorText
              compact
              text={item.error.message}
              details={
                item.error.hasDetail ? (
                  <TaskErrorDetail workspaceId={workspaceId} taskId={taskId} item={item} />
                ) : undefined
              }
            />
          </div>
        ) : null}
      </div>
    </li>
  )
}

/** "download", or the message when it says more than the step's name. */
function stepText(item: TaskItemSummary): string {
  const step = item.step ?? item.status
  if (!item.message || item.message.toLowerCase().startsWith(step.toLowerCase())) return step
  return `${step} · ${item.message}`
}
