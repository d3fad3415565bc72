import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { apiPaths } from '#src/lib/api-client.ts'
import { applyStreamEvent } from './stream-cache.ts'
import { connectStream, type StreamStatus } from './stream-connection.ts'

/** The workspace's change stream (`GET …/stream`). */

/**
 * The one subscription to the workspace's changes, mounted beside the task watcher: pushed events
 * update the query cache. Push only adds to polling: while the stream is down the console works as
 * it does without it, and says it is not live.
 */
export function LiveStream({ workspaceId }: { workspaceId: string }) {
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<StreamStatus>('connecting')
  useEffect(
    () =>
      connectStream({
        url: apiPaths.stream(workspaceId),
        onEvent: (type, data) => applyStreamEvent(queryClient, workspaceId, type, data),
        onStatus: setStatus,
      }),
    [queryClient, workspaceId],
  )
  if (status !== 'reconnecting') return null
  return (
    <div
      role="status"
      data-testid="stream-status"
      className="fixed bottom-4 left-4 z-40 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 shadow-sm dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Live updates paused. Reconnecting…
    </div>
  )
}
