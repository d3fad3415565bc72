import type { StreamChange } from '#core/api/stream-events.ts'
import type { ChangeFeed, FeedEvent, FeedReplay } from './change-feed.ts'

/** How many events each workspace keeps for reconnecting streams (default). */
const REPLAY_LIMIT = 500

interface WorkspaceLog {
  events: FeedEvent[]
  /** The sequence number of the newest event dropped from `events` (0: none dropped yet). */
  dropped: number
  listeners: Set<(event: FeedEvent) => void>
}

/**
 * The change feed of one process. Ids are `<epoch>.<sequence>`: the epoch is new at every start,
 * so a client resuming with an id from before a restart is told to resync instead of missing events.
 */
export function createMemoryChangeFeed(options: { replayLimit?: number; epoch?: string } = {}): ChangeFeed {
  const limit = options.replayLimit ?? REPLAY_LIMIT
  const epoch = options.epoch ?? Math.floor(Math.random() * 36 ** 6).toString(36)
  const logs = new Map<string, WorkspaceLog>()
  const accessListeners = new Set<() => void>()
  let sequence = 0

  const logOf = (workspaceId: string): WorkspaceLog => {
    let log = logs.get(workspaceId)
    if (!log) {
      log = { events: [], dropped: 0, listeners: new Set() }
      logs.set(workspaceId, log)
    }
    return log
  }
  const sequenceOf = (id: string): number | null => {
    const [idEpoch, seq] = id.split('.')
    const value = Number(seq)
    return idEpoch === epoch && Number.isSafeInteger(value) && value >= 0 && value <= sequence ? value : null
  }

  function replayAfter(log: WorkspaceLog, lastEventId: string | null): FeedReplay {
    if (lastEventId === null) return { events: [] }
    const after = sequenceOf(lastEventId)
    if (after === null || after < log.dropped) return { resync: true }
    return { events: log.events.filter((event) => (sequenceOf(event.id) as number) > after) }
  }

  return {
    publish(workspaceId: string, change: StreamChange) {
      const log = logOf(workspaceId)
      sequence++
      const event = { ...change, id: `${epoch}.${sequence}`, workspaceId } as FeedEvent
      log.events.push(event)
      while (log.events.length > limit) {
        const oldest = log.events.shift() as FeedEvent
        log.dropped = sequenceOf(oldest.id) ?? log.dropped
      }
      for (const listener of [...log.listeners]) listener(event)
    },
    subscribe(workspaceId, lastEventId, listener) {
      const log = logOf(workspaceId)
      const replay = replayAfter(log, lastEventId)
      log.listeners.add(listener)
      return { replay, close: () => void log.listeners.delete(listener) }
    },
    accessChanged() {
      for (const listener of [...accessListeners]) listener()
    },
    onAccessChange(listener) {
      accessListeners.add(listener)
      return () => void accessListeners.delete(listener)
    },
  }
}
