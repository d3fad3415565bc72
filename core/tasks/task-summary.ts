import type { Task, TaskList, TaskPage, TaskSummary } from '../api/task-schemas.ts'

/**
 * A task as lists carry it (the task panel's poll, the cache it keeps): each failed item's full
 * error text (a worker's stack or log tail) and each item's start and end times stay with the
 * task's own answer; the panel asks for it when someone opens an error's details.
 */
export function summarizeTask(task: Task): TaskSummary {
  return {
    ...task,
    items: task.items.map(({ error, startedAt: _started, finishedAt: _finished, ...item }) => ({
      ...item,
      error: error && { code: error.code, message: error.message, hasDetail: Boolean(error.detail) },
    })),
  }
}

export function summarizeTaskPage(page: TaskPage): TaskList {
  return { ...page, items: page.items.map(summarizeTask) }
}
