import { afterAll, afterEach, describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { FeedEvent } from '#server/app/events/change-feed.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { createPgChangeFeed, type RemoteWrite, type SharedChangeFeed } from '#server/sql/pg-change-feed.ts'
import { openPgDb } from '#server/sql/pg-db.ts'
import { makePlugin } from '#server/store/store-fixtures.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { freshClusterDatabase } from './cluster-database.ts'

// Two nodes' feeds on one PostgreSQL, in a database of their own (LISTEN/NOTIFY is per database).
const database = await freshClusterDatabase()

describe.runIf(database)('the change feed of a cluster, on PostgreSQL', () => {
  const url = (database as NonNullable<typeof database>).url
  const opened: { feed: SharedChangeFeed; db: DialectDb }[] = []
  afterAll(() => database?.drop())
  afterEach(async () => {
    for (const { feed, db } of opened.splice(0)) {
      await feed.close()
      await db.close()
    }
  })
  /** One node's feed; `plugins` is what its store reads for a change sent as a reference. */
  const node = async (plugins: Plugin[] = []) => {
    const db = openPgDb({ connectionString: url, max: 2 })
    const feed = createPgChangeFeed({ connectionString: url, db, warn: () => {} })
    await feed.listen({
      getPlugin: async (_ws, id) => plugins.find((plugin) => plugin.id === id) ?? null,
      getTask: async () => null,
    })
    opened.push({ feed, db })
    const remote: RemoteWrite[] = []
    feed.onRemoteWrite((write) => remote.push(write))
    return { feed, remote }
  }

  test('what one node publishes reaches the other in order, a large change by reference, and its caches first', async () => {
    const big = makePlugin({ id: 'p-big', description: 'x'.repeat(9_000) })
    const a = await node()
    const b = await node([big])
    const onA: FeedEvent[] = []
    const onB: { event: FeedEvent; remoteSoFar: number }[] = []
    a.feed.feed.subscribe('w1', null, (event) => onA.push(event))
    b.feed.feed.subscribe('w1', null, (event) => onB.push({ event, remoteSoFar: b.remote.length }))
    const at = new Date().toISOString()
    a.feed.feed.publish('w1', { type: 'runtime', data: { pluginId: 'p1', kind: 'restarted', at } })
    a.feed.feed.publish('w1', { type: 'plugin.changed', data: { plugin: big } })
    a.feed.feed.publish('w1', { type: 'plugin.removed', data: { pluginId: 'p2' } })
    await waitUntil(
      () => onB.length,
      (count) => count === 3,
    )
    expect(onB.map(({ event }) => event.type)).toEqual(['runtime', 'plugin.changed', 'plugin.removed'])
    expect(onB[1]?.event).toMatchObject({ data: { plugin: { id: 'p-big', description: big.description } } })
    // B's caches heard of the workspace before its streams did.
    expect(onB.every(({ remoteSoFar }) => remoteSoFar > 0)).toBe(true)
    expect(b.remote[0]).toEqual({ kind: 'workspace', workspaceId: 'w1' })
    // A's own streams got each change once: its notifications are not published twice.
    expect(onA.map((event) => event.type)).toEqual(['runtime', 'plugin.changed', 'plugin.removed'])
    expect(a.remote).toEqual([])
  })

  test('account writes and access changes reach the other nodes', async () => {
    const a = await node()
    const b = await node()
    let accessChecks = 0
    b.feed.feed.onAccessChange(() => accessChecks++)
    a.feed.accountsWritten()
    a.feed.feed.accessChanged()
    await waitUntil(
      () => accessChecks,
      (count) => count === 1,
    )
    expect(b.remote).toEqual([{ kind: 'accounts' }, { kind: 'accounts' }])
  })
})
