import { type QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useCallback } from 'react'
import { Toaster } from 'sonner'
import type { Task } from '#core/api/task-schemas.ts'
import { writeTaskToCache } from '#src/features/tasks/api/task-cache.ts'
import { TaskSinkProvider } from '#src/lib/task-sink.tsx'
import { useTheme } from './theme.ts'

/** Query cache, toasts, and the wiring that lets any feature hand a started task to the tasks feature. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const recordTask = useCallback(
    (workspaceId: string, task: Task) => writeTaskToCache(queryClient, workspaceId, task),
    [queryClient],
  )
  return (
    <QueryClientProvider client={queryClient}>
      <TaskSinkProvider sink={recordTask}>{children}</TaskSinkProvider>
      <ThemedToaster />
    </QueryClientProvider>
  )
}

function ThemedToaster() {
  const { theme } = useTheme()
  return <Toaster theme={theme} position="bottom-right" closeButton />
}
