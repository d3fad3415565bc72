import { describe, expect, test } from 'vitest'
import type { FeedEvent } from './change-feed.ts'
import { createMemoryChangeFeed } from './memory-change-feed.ts'

const removed = (pluginId: string) => ({ type: 'plugin.removed', data: { pluginId } }) as const
const pluginIds = (events: FeedEvent[]) =>
  events.map((event) => (event.data as { pluginId: string }).pluginId)

describe('the in-process change feed', () => {
  test('a workspace keeps its last events: resuming replays what came after, or asks for a resync', () => {
    const feed = createMemoryChangeFeed({ replayLimit: 3, epoch: 'e1' })
    const seen: FeedEvent[] = []
    feed.subscribe('ws', null, (event) => seen.push(event))
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.publish('ws', removed(id))
    feed.publish('other', removed('x'))
    expect(seen.map((event) => event.id)).toEqual(['e1.1', 'e1.2', 'e1.3', 'e1.4', 'e1.5'])

    const kept = feed.subscribe('ws', 'e1.2', () => {})
    expect('events' in kept.replay && pluginIds(kept.replay.events)).toEqual(['c', 'd', 'e'])
    expect(feed.subscribe('ws', 'e1.1', () => {}).replay).toEqual({ resync: true }) // b was dropped
    expect(feed.subscribe('ws', 'e0.4', () => {}).replay).toEqual({ resync: true }) // before a restart
    expect(feed.subscribe('ws', 'e1.99', () => {}).replay).toEqual({ resync: true }) // never published
    const current = feed.subscribe('ws', 'e1.6', () => {}) // the other workspace's latest
    expect(current.replay).toEqual({ events: [] })
  })

  test('a closed subscription hears nothing more; access changes reach every listener', () => {
    const feed = createMemoryChangeFeed()
    const seen: string[] = []
    const subscription = feed.subscribe('ws', null, (event) => seen.push(event.type))
    feed.publish('ws', removed('a'))
    subscription.close()
    feed.publish('ws', removed('b'))
    expect(seen).toEqual(['plugin.removed'])
    let checks = 0
    const stop = feed.onAccessChange(() => checks++)
    feed.accessChanged()
    stop()
    feed.accessChanged()
    expect(checks).toBe(1)
  })
})
