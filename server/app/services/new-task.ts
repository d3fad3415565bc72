import type { Task, TaskItemParams, TaskKind } from '#core/api/task-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps, CreateTaskResult, PluginClaim } from '#server/app/ports.ts'

export interface NewTaskItem {
  pluginId: string
  pluginRef: string
  pluginName: string
  version: string | null
  params?: TaskItemParams
}

/** A pending task as it is first persisted. */
export function newTask(
  deps: AppDeps,
  input: { workspaceId: string; kind: TaskKind; actor: string; items: NewTaskItem[] },
): Task {
  const at = deps.clock.now().toISOString()
  return {
    id: deps.newId('task'),
    workspaceId: input.workspaceId,
    kind: input.kind,
    status: 'pending',
    items: input.items.map((item) => ({
      id: deps.newId('item'),
      pluginId: item.pluginId,
      pluginRef: item.pluginRef,
      pluginName: item.pluginName,
      version: item.version,
      status: 'pending',
      step: null,
      progress: 0,
      message: null,
      error: null,
      startedAt: null,
      finishedAt: null,
      ...(item.params ? { params: item.params } : {}),
    })),
    counts: { succeeded: 0, failed: 0, cancelled: 0, total: input.items.length },
    cancelRequested: false,
    actor: input.actor,
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
  }
}

/** Persists the task with its claims, or throws the 409 that says why not. */
export async function createTaskOrThrow(deps: AppDeps, task: Task, claims: PluginClaim[]): Promise<Task> {
  const result: CreateTaskResult = await deps.store.createTask(task, claims)
  if (result.ok) return result.task
  if (result.code === 'TASK_ALREADY_ACTIVE') throw taskAlreadyActive(result.taskId)
  throw new ApiError('CONFLICT', 'the plugin changed meanwhile; reload and try again', {
    pluginId: result.pluginId,
  })
}

export function taskAlreadyActive(taskId: string): ApiError {
  return new ApiError('TASK_ALREADY_ACTIVE', 'the plugin already has an active task', { taskId })
}
