import { queryOptions } from '@tanstack/react-query'
import type { Task, TaskList } from '#core/api/task-schemas.ts'
import { apiPaths, apiRequest, toSearch } from '#src/lib/api-client.ts'
import { taskPollInterval } from './task-polling.ts'

/** The panel shows the latest 50 tasks, then "load more" (docs/task-pipeline.md). */
export const TASK_PAGE_SIZE = 50

function fetchTaskPage(workspaceId: string, page: number, signal: AbortSignal) {
  return apiRequest<TaskList>(
    `${apiPaths.tasks(workspaceId)}${toSearch({ page, pageSize: TASK_PAGE_SIZE })}`,
    { signal },
  )
}

export const taskQueries = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'tasks'] as const,
  lists: (workspaceId: string) => [...taskQueries.all(workspaceId), 'list'] as const,
  /**
   * The newest page, polled by the rule. Only the app-root watcher observes it with these options:
   * two observers would each run their own interval timer, out of phase.
   */
  latest: (workspaceId: string) =>
    queryOptions({
      queryKey: [...taskQueries.lists(workspaceId), { page: 1 }] as const,
      queryFn: ({ signal }) => fetchTaskPage(workspaceId, 1, signal),
      refetchInterval: (query) => taskPollInterval(query.state.data),
      refetchOnWindowFocus: true,
    }),
  /** The same cache entry for readers (panel, header button): they never fetch on their own. */
  latestSnapshot: (workspaceId: string) =>
    queryOptions({
      ...taskQueries.latest(workspaceId),
      refetchInterval: false,
      refetchOnWindowFocus: false,
      refetchOnMount: false,
    }),
  /** Older pages behind "load more": fetched once; the tasks on them are mostly finished. */
  page: (workspaceId: string, page: number) =>
    queryOptions({
      queryKey: [...taskQueries.lists(workspaceId), { page }] as const,
      queryFn: ({ signal }) => fetchTaskPage(workspaceId, page, signal),
      staleTime: Number.POSITIVE_INFINITY,
    }),
  detail: (workspaceId: string, taskId: string) =>
    queryOptions({
      queryKey: [...taskQueries.all(workspaceId), 'detail', taskId] as const,
      queryFn: ({ signal }) => apiRequest<Task>(apiPaths.task(workspaceId, taskId), { signal }),
    }),
}
