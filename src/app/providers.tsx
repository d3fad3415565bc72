import { type QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { lazy, type ReactNode, Suspense, useCallback } from 'react'
import type { Task } from '#core/api/task-schemas.ts'
import { writeTaskToCache } from '#src/features/tasks/api/task-cache.ts'
import { TaskSinkProvider } from '#src/lib/task-sink.tsx'
import { useTheme } from './theme.ts'

// Toasts are announced after the first paint; `toast()` calls before it are queued by sonner's store.
const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })))

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
  return (
    <Suspense fallback={null}>
      <Toaster theme={theme} position="bottom-right" closeButton />
    </Suspense>
  )
}
