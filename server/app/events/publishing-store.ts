import type { Task } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import type { Store } from '#server/app/ports.ts'
import type { ChangeFeed } from './change-feed.ts'

/**
 * The store every use-case, the task runner and the supervision service write through: each write
 * publishes its change once it has committed (the store call resolved), so a write that rolled
 * back or lost its compare-and-set publishes nothing. This is the one place changes are published.
 * Publishing never fails the write: it has committed, so an error here (the plugin read again) is
 * logged and the caller still gets its result; a stream that missed it catches up on its next poll.
 */
export function publishingStore(store: Store, feed: ChangeFeed): Store {
  async function published<R>(result: R, publish: () => void | Promise<void>): Promise<R> {
    try {
      await publish()
    } catch (error) {
      console.error('[events] publishing a committed change failed', error)
    }
    return result
  }
  async function publishPlugin(workspaceId: string, pluginId: string): Promise<void> {
    const plugin = await store.getPlugin(workspaceId, pluginId)
    if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
  }
  const publishTask = (task: Task, type: 'task.created' | 'task.changed') =>
    feed.publish(task.workspaceId, { type, data: { task } })

  return {
    ...store,
    async updatePlugin(workspaceId, id, patch, placedOn) {
      const plugin = await store.updatePlugin(workspaceId, id, patch, placedOn)
      return published(plugin, () => {
        if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
      })
    },
    async transitionPlugin(workspaceId, id, transition) {
      const plugin = await store.transitionPlugin(workspaceId, id, transition)
      return published(plugin, () => {
        if (plugin) feed.publish(workspaceId, { type: 'plugin.changed', data: { plugin } })
      })
    },
    async deletePlugin(workspaceId, id) {
      await store.deletePlugin(workspaceId, id)
      await published(undefined, () =>
        feed.publish(workspaceId, { type: 'plugin.removed', data: { pluginId: id } }),
      )
    },
    async createTask(task, claims) {
      const result = await store.createTask(task, claims)
      if (!result.ok) return result
      return published(result, async () => {
        publishTask(result.task, 'task.created')
        // The claim wrote activeTaskId (and, for an install, the plugin row itself).
        for (const claim of claims) await publishPlugin(task.workspaceId, claim.pluginId)
      })
    },
    async updateTaskItem(workspaceId, taskId, itemId, patch) {
      const task = await store.updateTaskItem(workspaceId, taskId, itemId, patch)
      return published(task, async () => {
        publishTask(task, 'task.changed')
        const item = task.items.find((candidate) => candidate.id === itemId)
        // A terminal item released its plugin's claim in the same write.
        if (item && patch.status && isTerminal(patch.status)) await publishPlugin(workspaceId, item.pluginId)
      })
    },
    async requestCancel(workspaceId, taskId) {
      const task = await store.requestCancel(workspaceId, taskId)
      return published(task, () => {
        if (task) publishTask(task, 'task.changed')
      })
    },
    async deleteTask(workspaceId, taskId) {
      const result = await store.deleteTask(workspaceId, taskId)
      return published(result, () => {
        if (result === 'deleted')
          feed.publish(workspaceId, { type: 'tasks.removed', data: { taskIds: [taskId] } })
      })
    },
    async clearTerminalTasks(workspaceId) {
      const cleared = await store.clearTerminalTasks(workspaceId)
      return published(cleared, () => {
        if (cleared > 0) feed.publish(workspaceId, { type: 'tasks.removed', data: { taskIds: null } })
      })
    },
  }
}
