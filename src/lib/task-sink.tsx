import { createContext, type ReactNode, use } from 'react'
import type { Task } from '#core/api/task-schemas.ts'

/**
 * Where a mutation puts the task it started. Features that start work (plugins, marketplace)
 * must not import the tasks feature, so the app root provides the tasks feature's cache writer here.
 */
export type TaskSink = (workspaceId: string, task: Task) => void

const TaskSinkContext = createContext<TaskSink | null>(null)

export function TaskSinkProvider({ sink, children }: { sink: TaskSink; children: ReactNode }) {
  return <TaskSinkContext value={sink}>{children}</TaskSinkContext>
}

export function useTaskSink(): TaskSink {
  const sink = use(TaskSinkContext)
  if (!sink) throw new Error('useTaskSink needs a <TaskSinkProvider> above it')
  return sink
}
