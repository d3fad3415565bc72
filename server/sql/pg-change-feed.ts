import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { StreamChange } from '#core/api/stream-events.ts'
import type { ChangeFeed } from '#server/app/events/change-feed.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import type { Store } from '#server/app/ports.ts'
import type { Db } from './db.ts'

/** The one channel every node of a database notifies and listens on. */
const CHANNEL = 'plugboard_changes'
/** NOTIFY payloads must stay under 8000 bytes; a larger change travels as a reference. */
const INLINE_LIMIT = 7_000
/** How long to wait before listening again after the listening connection was lost. */
const RECONNECT_MS = 1_000

/** What another node wrote, for the caches of this one. */
export type RemoteWrite =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'accounts' }
  /** Notifications may have been missed (the listening connection was lost): forget everything. */
  | { kind: 'everything' }

/** One notification: who sent it, and the change (inline or as a reference to read again). */
type Note =
  | { o: string; w: string; c: StreamChange }
  | { o: string; w: string; plugin: string }
  | { o: string; w: string; task: string; created: boolean }
  | { o: string; access: true }
  | { o: string; accounts: true }

export interface SharedChangeFeed {
  /** The change feed of this node: local changes, and every other node's through the database. */
  feed: ChangeFeed
  /** Caches that other nodes' writes make stale subscribe here. */
  onRemoteWrite(listener: (write: RemoteWrite) => void): void
  /** Tells the other nodes that accounts (sessions, users, roles, workspaces) changed here. */
  accountsWritten(): void
  /** Starts listening (the store reads the changes sent as references). */
  listen(store: Pick<Store, 'getPlugin' | 'getTask'>): Promise<void>
  close(): Promise<void>
}

/**
 * The change feed of a cluster: each node keeps its in-process feed for its own streams (ids,
 * replay) and sends every change it publishes to the other nodes with NOTIFY, in order, after the
 * write committed; it LISTENs on its own connection and publishes what the others sent into its
 * feed, after telling its caches (list versions, accounts) that the workspace changed. A browser on
 * any node thus sees the work of every node.
 */
export function createPgChangeFeed(options: {
  connectionString: string
  db: Db
  warn(message: string, fields?: Record<string, unknown>): void
}): SharedChangeFeed {
  const origin = randomBytes(8).toString('hex')
  const local = createMemoryChangeFeed()
  const remoteListeners = new Set<(write: RemoteWrite) => void>()
  let sending: Promise<unknown> = Promise.resolve()
  let receiving: Promise<unknown> = Promise.resolve()
  let client: pg.Client | null = null
  let closed = false
  let store: Pick<Store, 'getPlugin' | 'getTask'> | null = null

  /** Notifications go out one after another, so the other nodes see one node's changes in order. */
  const send = (note: Note) => {
    const payload = JSON.stringify(note)
    sending = sending
      .then(() => options.db.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]))
      .catch((error: unknown) =>
        options.warn('a change could not be sent to the other nodes', { error: String(error) }),
      )
  }
  const tell = (write: RemoteWrite) => {
    for (const listener of [...remoteListeners]) listener(write)
  }

  const noteOf = (workspaceId: string, change: StreamChange): Note => {
    const inline: Note = { o: origin, w: workspaceId, c: change }
    if (JSON.stringify(inline).length <= INLINE_LIMIT) return inline
    if (change.type === 'plugin.changed') return { o: origin, w: workspaceId, plugin: change.data.plugin.id }
    if (change.type === 'task.created' || change.type === 'task.changed')
      return { o: origin, w: workspaceId, task: change.data.task.id, created: change.type === 'task.created' }
    return inline
  }

  /** A change another node sent: the caches forget the workspace first, then this node's streams hear it. */
  async function received(note: Note): Promise<void> {
    if (note.o === origin) return
    if ('access' in note) {
      tell({ kind: 'accounts' })
      local.accessChanged()
      return
    }
    if ('accounts' in note) {
      tell({ kind: 'accounts' })
      return
    }
    tell({ kind: 'workspace', workspaceId: note.w })
    const change = await changeOf(note)
    if (change) local.publish(note.w, change)
  }
  async function changeOf(note: Exclude<Note, { access: true } | { accounts: true }>) {
    if ('c' in note) return note.c
    if (!store) return null
    if ('plugin' in note) {
      const plugin = await store.getPlugin(note.w, note.plugin)
      return plugin ? ({ type: 'plugin.changed', data: { plugin } } as const) : null
    }
    const task = await store.getTask(note.w, note.task)
    return task ? ({ type: note.created ? 'task.created' : 'task.changed', data: { task } } as const) : null
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString })
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return
      let note: Note
      try {
        note = JSON.parse(message.payload) as Note
      } catch {
        return
      }
      // One at a time: a change sent as a reference is read before the next one is published.
      receiving = receiving
        .then(() => received(note))
        .catch((error: unknown) =>
          options.warn('a change from another node could not be read', { error: String(error) }),
        )
    })
    const lost = (error?: unknown) => {
      if (client !== next) return
      client = null
      next.removeAllListeners('end')
      void next.end().catch(() => {})
      if (closed) return
      options.warn('the change notifications were cut off; listening again', { error: String(error) })
      setTimeout(() => void reconnect(), RECONNECT_MS).unref()
    }
    next.on('error', lost)
    next.on('end', () => lost('the connection ended'))
    await next.connect()
    await next.query(`LISTEN ${CHANNEL}`)
    client = next
  }
  async function reconnect(): Promise<void> {
    if (closed) return
    try {
      await connect()
      // Whatever was sent while nobody listened is unknown: every cache starts over.
      tell({ kind: 'everything' })
    } catch (error) {
      options.warn('listening for changes failed; trying again', { error: String(error) })
      setTimeout(() => void reconnect(), RECONNECT_MS).unref()
    }
  }

  const feed: ChangeFeed = {
    publish(workspaceId, change) {
      local.publish(workspaceId, change)
      send(noteOf(workspaceId, change))
    },
    subscribe: (workspaceId, lastEventId, listener) => local.subscribe(workspaceId, lastEventId, listener),
    accessChanged() {
      local.accessChanged()
      send({ o: origin, access: true })
    },
    onAccessChange: (listener) => local.onAccessChange(listener),
  }

  return {
    feed,
    onRemoteWrite(listener) {
      remoteListeners.add(listener)
    },
    accountsWritten() {
      send({ o: origin, accounts: true })
    },
    async listen(given) {
      store = given
      await connect()
    },
    async close() {
      closed = true
      const current = client
      client = null
      await sending
      await current?.end().catch(() => {})
    },
  }
}
