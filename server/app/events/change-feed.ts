import type { StreamChange } from '#core/api/stream-events.ts'

/** A published change with its id, as a stream sends it. */
export type FeedEvent = StreamChange & { id: string; workspaceId: string }

/** What a new subscriber gets first: the events it missed, or word that it missed too many. */
export type FeedReplay = { events: FeedEvent[] } | { resync: true }

interface FeedSubscription {
  replay: FeedReplay
  close(): void
}

/**
 * The change feed: every committed change of a workspace, in order, for the streams that watch
 * it. The in-process implementation serves one server; a cluster would put PostgreSQL
 * LISTEN/NOTIFY behind the same port.
 */
export interface ChangeFeed {
  /** Called after the write committed: a change that rolled back is never published. */
  publish(workspaceId: string, change: StreamChange): void
  /**
   * Listens to one workspace. With `lastEventId`, first replays what came after it (or answers
   * resync when that event is no longer kept, or was never this feed's).
   */
  subscribe(
    workspaceId: string,
    lastEventId: string | null,
    listener: (event: FeedEvent) => void,
  ): FeedSubscription
  /** Sessions or memberships changed (sign-out, member removed): every stream checks its access again. */
  accessChanged(): void
  onAccessChange(listener: () => void): () => void
}
