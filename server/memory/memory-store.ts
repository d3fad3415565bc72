import type { Page } from '#core/api/common-schemas.ts'
import type { Plugin, PluginEvent, PluginListQuery } from '#core/api/plugin-schemas.ts'
import type { Task, TaskListQuery, TaskPage } from '#core/api/task-schemas.ts'
import { isActive, isTerminal } from '#core/tasks/task-status.ts'
import type {
  CreateTaskResult,
  PluginClaim,
  Store,
  TaskItemPatch,
  TransitionRequest,
} from '#server/app/ports.ts'
import { createEventLog } from './memory-events.ts'
import { pageOf } from './page-of.ts'
import { queryPlugins } from './plugin-query.ts'
import { applyItemPatch, matchesTaskFilter, newestFirst } from './task-records.ts'

export interface MemoryStoreOptions {
  /** The time written into task `updatedAt` / `finishedAt`; defaults to `new Date()`. */
  now?: () => Date
}

/** Callers get copies and hand over copies, so nothing outside can change stored state. */
const copy = <T>(value: T): T => structuredClone(value)
const key = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`

/** A 32-bit FNV-1a hash of the parts: the memory store's list versions. */
function fingerprint(parts: string[]): string {
  let hash = 0x811c9dc5
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) hash = Math.imul(hash ^ part.charCodeAt(i), 0x01000193)
    hash = Math.imul(hash ^ 0x1f, 0x01000193)
  }
  return `${parts.length}.${(hash >>> 0).toString(36)}`
}

/** The Store port over Maps: for the browser mocks and fast tests. */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date())
  const plugins = new Map<string, Plugin>()
  const events = createEventLog()
  const tasks = new Map<string, Task>()

  const workspacePlugins = (workspaceId: string) =>
    [...plugins.values()].filter((plugin) => plugin.workspaceId === workspaceId)

  /** A claim that cannot be taken, or null when it can. */
  function checkClaim(workspaceId: string, claim: PluginClaim): CreateTaskResult | null {
    const existing = claim.create
      ? workspacePlugins(workspaceId).find((plugin) => plugin.pluginId === claim.create?.pluginId)
      : plugins.get(key(workspaceId, claim.pluginId))
    if (claim.create && !existing) return null
    if (!existing) return { ok: false, code: 'CONFLICT', pluginId: claim.pluginId }
    if (existing.activeTaskId) {
      return { ok: false, code: 'TASK_ALREADY_ACTIVE', pluginId: existing.id, taskId: existing.activeTaskId }
    }
    if (claim.create || (claim.expectStatus && existing.status !== claim.expectStatus)) {
      return { ok: false, code: 'CONFLICT', pluginId: existing.id }
    }
    return null
  }

  return {
    async listPlugins(workspaceId: string, query: PluginListQuery) {
      return copy(queryPlugins(workspacePlugins(workspaceId), query))
    },
    async pluginsVersion(workspaceId) {
      return fingerprint(
        workspacePlugins(workspaceId).map(
          (p) => `${p.id}:${p.revision}:${p.status}:${p.activeTaskId ?? ''}:${p.updatedAt}`,
        ),
      )
    },
    async getPlugin(workspaceId, id) {
      return copy(plugins.get(key(workspaceId, id)) ?? null)
    },
    async findPluginByRef(workspaceId, pluginRef) {
      return copy(workspacePlugins(workspaceId).find((plugin) => plugin.pluginId === pluginRef) ?? null)
    },
    async updatePlugin(workspaceId, id, patch) {
      const plugin = plugins.get(key(workspaceId, id))
      if (!plugin) return null
      const updated: Plugin = {
        ...plugin,
        ...copy(patch),
        revision: plugin.revision + 1,
        updatedAt: now().toISOString(),
      }
      plugins.set(key(workspaceId, id), updated)
      return copy(updated)
    },
    async transitionPlugin(workspaceId, id, transition: TransitionRequest) {
      const plugin = plugins.get(key(workspaceId, id))
      if (!plugin || plugin.status !== transition.from) return null
      const updated: Plugin = {
        ...plugin,
        ...copy(transition.patch),
        status: transition.to,
        revision: plugin.revision + 1,
        updatedAt: transition.at.toISOString(),
      }
      plugins.set(key(workspaceId, id), updated)
      events.append({
        workspaceId,
        pluginId: id,
        from: transition.from,
        to: transition.to,
        actor: transition.actor,
        reason: transition.reason,
        at: transition.at.toISOString(),
      })
      return copy(updated)
    },
    async deletePlugin(workspaceId, id) {
      plugins.delete(key(workspaceId, id))
      events.deleteAll(workspaceId, id)
    },
    async listEvents(workspaceId, pluginId, page, pageSize): Promise<Page<PluginEvent>> {
      return events.list(workspaceId, pluginId, page, pageSize)
    },
    async appendEvent(event) {
      return events.append(event)
    },

    async createTask(task, claims) {
      // Check every claim before writing anything: the call is all or nothing.
      for (const claim of claims) {
        const refused = checkClaim(task.workspaceId, claim)
        if (refused) return refused
      }
      for (const claim of claims) {
        const k = key(task.workspaceId, claim.pluginId)
        const base = claim.create ?? plugins.get(k)
        if (!base) continue
        plugins.set(k, { ...copy(base), ...copy(claim.patch), id: claim.pluginId, activeTaskId: task.id })
      }
      tasks.set(key(task.workspaceId, task.id), copy(task))
      return { ok: true, task: copy(task) }
    },
    async getTask(workspaceId, taskId) {
      return copy(tasks.get(key(workspaceId, taskId)) ?? null)
    },
    async listTasks(workspaceId: string, query: TaskListQuery): Promise<TaskPage> {
      const all = [...tasks.values()].filter((task) => task.workspaceId === workspaceId)
      const matching = all.filter((task) => matchesTaskFilter(task, query.status)).sort(newestFirst)
      return copy({
        ...pageOf(matching, query.page, query.pageSize),
        activeCount: all.filter((task) => isActive(task.status)).length,
      })
    },
    async tasksVersion(workspaceId) {
      return fingerprint(
        [...tasks.values()]
          .filter((task) => task.workspaceId === workspaceId)
          .map((task) => `${task.id}:${task.status}:${task.updatedAt}:${task.cancelRequested}`),
      )
    },
    async updateTaskItem(workspaceId, taskId, itemId, patch: TaskItemPatch) {
      const task = tasks.get(key(workspaceId, taskId))
      if (!task) throw new Error(`unknown task ${taskId}`)
      const { task: updated, released } = applyItemPatch(task, itemId, copy(patch), now())
      tasks.set(key(workspaceId, taskId), updated)
      if (released) {
        const plugin = plugins.get(key(workspaceId, released))
        if (plugin?.activeTaskId === taskId)
          plugins.set(key(workspaceId, released), { ...plugin, activeTaskId: null })
      }
      return copy(updated)
    },
    async requestCancel(workspaceId, taskId) {
      const task = tasks.get(key(workspaceId, taskId))
      if (!task) return null
      if (isTerminal(task.status)) return copy(task)
      const updated = { ...task, cancelRequested: true, updatedAt: now().toISOString() }
      tasks.set(key(workspaceId, taskId), updated)
      return copy(updated)
    },
    async deleteTask(workspaceId, taskId) {
      const task = tasks.get(key(workspaceId, taskId))
      if (!task) return 'not_found'
      if (isActive(task.status)) return 'active'
      tasks.delete(key(workspaceId, taskId))
      return 'deleted'
    },
    async clearTerminalTasks(workspaceId) {
      let cleared = 0
      for (const [k, task] of tasks) {
        if (task.workspaceId === workspaceId && isTerminal(task.status)) {
          tasks.delete(k)
          cleared++
        }
      }
      return cleared
    },
    async listActiveTasks() {
      const active = [...tasks.values()].filter((task) => isActive(task.status))
      return copy(active.sort((a, b) => newestFirst(b, a)))
    },
    async purgeTerminalTasks(before) {
      let purged = 0
      for (const [k, task] of tasks) {
        if (isTerminal(task.status) && task.finishedAt && new Date(task.finishedAt) < before) {
          tasks.delete(k)
          purged++
        }
      }
      return purged
    },
  }
}
