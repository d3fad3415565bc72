import type { ClusterNodeInfo, NodeState } from '#core/api/node-schemas.ts'
import type { Clock, DrainOutcome, NodeDirectory, Store } from '#server/app/ports.ts'

interface MemoryNode {
  name: string
  state: NodeState
  version: string
  startedAt: Date
  heartbeatAt: Date
  runningItems: number
}

export interface MemoryNodes extends NodeDirectory {
  /** Adds a node (or replaces one of the same name); `heartbeatAgoMs` backdates its last beat. */
  addNode(node: { name: string; state?: NodeState; heartbeatAgoMs?: number; runningItems?: number }): void
  /** Places the plugin's worker on a node (null: on none). */
  place(workspaceId: string, pluginId: string, node: string | null): void
}

/** How long a node may be silent before the console says it stopped answering (the default lease). */
const ANSWERING_MS = 20_000

/**
 * A pretend cluster for mocks and tests: nodes with their states and where each plugin runs. A drain
 * moves the node's plugins to the other active nodes at once (a real cluster moves them with
 * failover tasks) and leaves it `drained`.
 */
export function createMemoryNodes(deps: { store: Store; clock: Clock }): MemoryNodes {
  const nodes = new Map<string, MemoryNode>()
  const placed = new Map<string, { workspaceId: string; pluginId: string; node: string }>()
  const key = (workspaceId: string, pluginId: string) => `${workspaceId}\u0000${pluginId}`
  const ageOf = (node: MemoryNode) => Math.max(0, deps.clock.now().getTime() - node.heartbeatAt.getTime())

  async function info(node: MemoryNode): Promise<ClusterNodeInfo> {
    const plugins: ClusterNodeInfo['plugins'] = []
    for (const entry of placed.values()) {
      if (entry.node !== node.name) continue
      const plugin = await deps.store.getPlugin(entry.workspaceId, entry.pluginId)
      if (plugin) plugins.push({ workspaceId: plugin.workspaceId, id: plugin.id, name: plugin.name })
    }
    return {
      name: node.name,
      state: node.state,
      version: node.version,
      startedAt: node.startedAt.toISOString(),
      heartbeatAt: node.heartbeatAt.toISOString(),
      heartbeatAgeMs: ageOf(node),
      self: node === nodes.values().next().value,
      plugins,
      runningItems: node.runningItems,
    }
  }

  return {
    addNode({ name, state = 'active', heartbeatAgoMs = 0, runningItems = 0 }) {
      const now = deps.clock.now().getTime()
      nodes.set(name, {
        name,
        state,
        version: '1.0.0',
        startedAt: new Date(now - 3_600_000),
        heartbeatAt: new Date(now - heartbeatAgoMs),
        runningItems,
      })
    },
    place(workspaceId, pluginId, node) {
      if (node === null) placed.delete(key(workspaceId, pluginId))
      else placed.set(key(workspaceId, pluginId), { workspaceId, pluginId, node })
    },
    async list() {
      return Promise.all([...nodes.values()].map(info))
    },
    async placements(workspaceId) {
      const result = new Map<string, string>()
      for (const entry of placed.values())
        if (entry.workspaceId === workspaceId) result.set(entry.pluginId, entry.node)
      return result
    },
    async statusOf(workspaceId, pluginId) {
      const entry = placed.get(key(workspaceId, pluginId))
      const node = entry ? nodes.get(entry.node) : undefined
      if (!node) return null
      const heartbeatAgeMs = ageOf(node)
      return { name: node.name, state: node.state, answering: heartbeatAgeMs < ANSWERING_MS, heartbeatAgeMs }
    },
    async drain(name): Promise<DrainOutcome> {
      const node = nodes.get(name)
      if (!node) return { ok: false, code: 'NOT_FOUND' }
      if (node.state !== 'active') return { ok: false, code: 'NOT_ACTIVE' }
      const targets = [...nodes.values()].filter((other) => other !== node && other.state === 'active')
      if (targets.length === 0) return { ok: false, code: 'NO_OTHER_NODE' }
      let next = 0
      for (const entry of placed.values()) {
        if (entry.node !== name) continue
        entry.node = (targets[next++ % targets.length] as MemoryNode).name
      }
      node.runningItems = 0
      node.state = 'drained'
      return { ok: true, node: await info(node) }
    },
  }
}
