import { type SSEStreamingApi, streamSSE } from 'hono/streaming'
import { RESYNC_EVENT, STREAM_HEARTBEAT_MS } from '#core/api/stream-events.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { authOf } from '#server/app/auth/auth-context.ts'
import type { FeedEvent } from '#server/app/events/change-feed.ts'
import { workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'

/** How many streams one session may hold open at once (a few tabs; browsers allow six connections). */
export const MAX_STREAMS_PER_SESSION = 6
/** Writes waiting for a reader that stopped reading; past this the stream ends (it reconnects and resyncs). */
export const MAX_PENDING_WRITES = 1_000

/**
 * `GET /api/workspaces/:ws/stream`: Server-Sent Events of every change in the workspace
 * (docs/api.md). The access guard has already checked the session and the membership; the stream
 * checks both again whenever sessions or memberships change and at every heartbeat, and ends as
 * soon as the reader may no longer read the workspace.
 */
export function streamHandlers(deps: AppDeps): EndpointHandlers<'streamWorkspace'> {
  const open = new Map<string, number>()
  return {
    streamWorkspace: (c, { query }) => {
      const feed = deps.changes
      if (!feed) throw new ApiError('NOT_FOUND', 'this server has no change stream')
      const workspaceId = workspaceOf(c)
      const { user, sessionId } = authOf(c)
      if (!user || !sessionId) throw new ApiError('UNAUTHENTICATED', 'sign in first')
      const count = open.get(sessionId) ?? 0
      if (count >= MAX_STREAMS_PER_SESSION) {
        throw new ApiError('RATE_LIMITED', `at most ${MAX_STREAMS_PER_SESSION} open streams per session`)
      }
      const lastEventId = c.req.header('last-event-id') ?? query.lastEventId ?? null

      const mayStillRead = async (): Promise<boolean> => {
        const session = await deps.accounts.getSession(sessionId)
        if (!session || Date.parse(session.expiresAt) <= deps.clock.now().getTime()) return false
        return (await deps.accounts.getRole(workspaceId, user.id)) !== null
      }

      c.header('X-Accel-Buffering', 'no')
      return streamSSE(c, async (stream) => {
        const ended = new Promise<void>((resolve) => stream.onAbort(resolve))
        // Writes go out one after another, in the order the feed published them.
        let writes: Promise<unknown> = Promise.resolve()
        let pending = 0
        const send = (write: (stream: SSEStreamingApi) => Promise<unknown>) => {
          if (++pending > MAX_PENDING_WRITES) stream.abort()
          writes = writes
            .then(() => (stream.aborted ? undefined : write(stream)))
            .catch(() => stream.abort())
            .finally(() => pending--)
        }
        const sendEvent = (event: FeedEvent) =>
          send((s) => s.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event.data) }))
        const recheck = () =>
          void mayStillRead().then(
            (allowed) => allowed || stream.abort(),
            () => stream.abort(),
          )

        let subscription: ReturnType<typeof feed.subscribe> | undefined
        let stopWatchingAccess: (() => void) | undefined
        let heartbeat: ReturnType<typeof setInterval> | undefined
        // Counted inside the try, so whatever throws below still gives the place back.
        open.set(sessionId, (open.get(sessionId) ?? 0) + 1)
        try {
          subscription = feed.subscribe(workspaceId, lastEventId, sendEvent)
          stopWatchingAccess = feed.onAccessChange(recheck)
          heartbeat = setInterval(() => {
            send((s) => s.write(': keep-alive\n\n'))
            recheck()
          }, STREAM_HEARTBEAT_MS)
          if ('resync' in subscription.replay) send((s) => s.writeSSE({ event: RESYNC_EVENT, data: '{}' }))
          else for (const event of subscription.replay.events) sendEvent(event)
          // The first bytes go out at once, so the reader knows the stream is open.
          send((s) => s.write(': open\n\n'))
          await ended
        } finally {
          clearInterval(heartbeat)
          stopWatchingAccess?.()
          subscription?.close()
          const left = (open.get(sessionId) ?? 1) - 1
          if (left > 0) open.set(sessionId, left)
          else open.delete(sessionId)
        }
      })
    },
  }
}
