import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task, TaskItem, TaskList } from '#core/api/task-schemas.ts'
import type { TaskStatus } from '#core/tasks/task-status.ts'
import { countItems, deriveTaskStatus } from '#core/tasks/task-status.ts'
import { summarizeTask } from '#core/tasks/task-summary.ts'

const AT = '2026-11-22T00:00:00.000Z'

export function makeItem(id: string, status: TaskStatus, overrides: Partial<TaskItem> = {}): TaskItem {
  return {
    id,
    pluginId: `p-${id}`,
    pluginRef: `acme/${id}`,
    pluginName: `Plugin ${id}`,
    version: '1.0.0',
    status,
    step: status === 'running' ? 'download' : null,
    progress: status === 'success' ? 100 : 0,
    message: null,
    error:
      status === 'failed' ? { code: 'STEP_FAILED', message: 'It broke\nstack line', detail: null } : null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  }
}

export function makeTask(id: string, items: TaskItem[], overrides: Partial<Task> = {}): Task {
  return {
    id,
    workspaceId: 'default',
    kind: 'install',
    status: deriveTaskStatus(items, false),
    items,
    counts: countItems(items),
    cancelRequested: false,
    actor: 'admin',
    createdAt: AT,
    updatedAt: AT,
    finishedAt: null,
    ...overrides,
  }
}

/** A list answer as the server makes it: the tasks as summaries. */
export function makeList(tasks: Task[], activeCount = 0): TaskList {
  return { items: tasks.map(summarizeTask), total: tasks.length, page: 1, pageSize: 50, activeCount }
}

export function makePlugin(overrides: Partial<Plugin> = {}): Plugin {
  return {
    id: 'hello',
    workspaceId: 'default',
    pluginId: 'acme/hello-world',
    name: 'Hello World',
    version: '1.0.0',
    description: 'Says hello',
    author: 'Acme',
    icon: null,
    categories: ['demo'],
    capabilities: [],
    approvedCapabilities: [],
    status: 'ready',
    health: 'healthy',
    modules: [],
    source: { type: 'marketplace', packageId: null, sha256: null },
    lastError: null,
    activeTaskId: null,
    pendingUpgrade: null,
    revision: 1,
    installedAt: AT,
    updatedAt: AT,
    ...overrides,
  }
}
