import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task, TaskItem } from '#core/api/task-schemas.ts'

export const WS = 'ws-conformance'
export const OTHER_WS = 'ws-other'
export const T0 = new Date('2026-01-01T00:00:00.000Z')

/** A time `seconds` after T0, as the ISO string the stores keep. */
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString()

export function makePlugin(overrides: Partial<Plugin> & { id: string }): Plugin {
  return {
    workspaceId: WS,
    pluginId: `acme/${overrides.id}`,
    name: overrides.id,
    version: '1.0.0',
    description: '',
    author: 'Acme',
    icon: null,
    categories: [],
    capabilities: [],
    approvedCapabilities: [],
    status: 'ready',
    health: 'healthy',
    modules: [],
    source: { type: 'marketplace', packageId: null, sha256: null },
    lastError: null,
    activeTaskId: null,
    pendingUpgrade: null,
    revision: 0,
    installedAt: at(0),
    updatedAt: at(0),
    ...overrides,
  }
}

export function makeItem(overrides: Partial<TaskItem> & { id: string; pluginId: string }): TaskItem {
  return {
    pluginRef: `acme/${overrides.pluginId}`,
    pluginName: overrides.pluginId,
    version: '1.0.0',
    status: 'pending',
    step: null,
    progress: 0,
    message: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  }
}

/** A pending task with one item per plugin id. */
export function makeTask(id: string, pluginIds: string[], overrides: Partial<Task> = {}): Task {
  return {
    id,
    workspaceId: WS,
    kind: 'enable',
    status: 'pending',
    items: pluginIds.map((pluginId, index) => makeItem({ id: `${id}-item${index}`, pluginId })),
    counts: { succeeded: 0, failed: 0, cancelled: 0, total: pluginIds.length },
    cancelRequested: false,
    actor: 'admin',
    createdAt: at(0),
    updatedAt: at(0),
    finishedAt: null,
    ...overrides,
  }
}
