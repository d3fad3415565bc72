import { describe, expect, test } from 'vitest'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { describeStoreConformance, seedPlugins } from '#server/store/store-conformance.ts'
import { makePlugin, WS } from '#server/store/store-fixtures.ts'
import { withListVersions } from './list-versions.ts'
import type { Store } from './ports.ts'

// A long TTL: only the forgetting on writes keeps the versions true.
describeStoreConformance('memory with kept list versions', async () => ({
  store: withListVersions(createMemoryStore(), { ttlMs: 60_000 }),
  close: async () => {},
}))

function counted(store: Store) {
  const reads = { n: 0 }
  const wrapped: Store = {
    ...store,
    pluginsVersion: (ws) => {
      reads.n++
      return store.pluginsVersion(ws)
    },
  }
  return { wrapped, reads }
}

describe('kept list versions', () => {
  test('are read once per TTL while nothing is written here, so another process shows within it', async () => {
    const inner = createMemoryStore()
    await seedPlugins(inner, [makePlugin({ id: 'p1' })])
    const { wrapped, reads } = counted(inner)
    let clock = 0
    const store = withListVersions(wrapped, { ttlMs: 1_000, now: () => clock })
    const first = await store.pluginsVersion(WS)
    await store.pluginsVersion(WS)
    expect(reads.n).toBe(1)
    await inner.updatePlugin(WS, 'p1', { health: 'degraded' }) // another process's write
    expect(await store.pluginsVersion(WS)).toBe(first)
    clock += 1_001
    expect(await store.pluginsVersion(WS)).not.toBe(first)
    expect(reads.n).toBe(2)
  })

  test('a read that overlaps a write is not kept', async () => {
    const inner = createMemoryStore()
    await seedPlugins(inner, [makePlugin({ id: 'p1' })])
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow: Store = {
      ...inner,
      pluginsVersion: async (ws) => {
        const value = await inner.pluginsVersion(ws)
        await gate
        return value
      },
    }
    const store = withListVersions(slow, { ttlMs: 60_000 })
    const stale = store.pluginsVersion(WS)
    await store.updatePlugin(WS, 'p1', { health: 'degraded' })
    release()
    const old = await stale
    expect(await store.pluginsVersion(WS)).not.toBe(old)
  })
})
