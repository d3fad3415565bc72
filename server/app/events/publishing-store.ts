import type { Task } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { Store } from '#server/app/ports.ts'
import type { ChangeFeed } from './change-feed.ts'

/**
 * The store every use-case, the task runner and the supervision service write through: each write
 * publishes its change once it has committed (the store call resolved), so a write that rolled
 * back or lost its compare-and-set publishes nothing. This is the one place changes are published.
 */
export function publishingStore(store: Store, feed: ChangeFeed): Store {
  async function publishPlugin(workspaceId: string, pluginId: string): Promise<void> {
    const plugin = await store.getPlugin(workspaceId, pluginId)
    if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
  }
  const publishTask = (task: Task, type: 'task.created' | 'task.changed') =>
    feed.publish(task.workspaceId, { type, data: { task } })

  return {
    ...store,
    async updatePlugin(workspaceId, id, patch) {
      const plugin = await store.updatePlugin(workspaceId, id, patch)
      if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
      return plugin
    },
    async transitionPlugin(workspaceId, id, transition) {
      const plugin = await store.transitionPlugin(workspaceId, id, transition)
      if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
      return plugin
    },
    async deletePlugin(workspaceId, id) {
      await store.deletePlugin(workspaceId, id)
      feed.publish(workspaceId, { type: 'plugin.removed', data: { pluginId: id } })
    },
    async createTask(task, claims) {
      const result = await store.createTask(task, claims)
      if (!result.ok) return result
      publishTask(result.task, 'task.created')
      // The claim wrote activeTaskId (and, for an install, the plugin row itself).
      for (const claim of claims) await publishPlugin(task.workspaceId, claim.pluginId)
      return result
    },
    async updateTaskItem(workspaceId, taskId, itemId, patch) {
      const task = await store.updateTaskItem(workspaceId, taskId, itemId, patch)
      publishTask(task, 'task.changed')
      const item = task.items.find((candidate) => candidate.id === itemId)
      // A terminal item released its plugin's claim in the same write.
      if (item && patch.status && isTerminal(patch.status)) await publishPlugin(workspaceId, item.pluginId)
      return task
    },
    async requestCancel(workspaceId, taskId) {
      const task = await store.requestCancel(workspaceId, taskId)
      if (task) publishTask(task, 'task.changed')
      return task
    },
    async deleteTask(workspaceId, taskId) {
      const result = await store.deleteTask(workspaceId, taskId)
      if (result === 'deleted')
        feed.publish(workspaceId, { type: 'tasks.removed', data: { taskIds: [taskId] } })
      return result
    },
    async clearTerminalTasks(workspaceId) {
      const cleared = await store.clearTerminalTasks(workspaceId)
      if (cleared > 0) feed.publish(workspaceId, { type: 'tasks.removed', data: { taskIds: null } })
      return cleared
    },
  }
}
