import type { Task } from '#core/api/task-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { type Interruption, type RecoveryReport, recoverTaskList } from '#server/app/tasks/task-recovery.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import type { AdoptedTask } from './node-lease.ts'

/**
 * Items this node just took over (from its own earlier incarnation, a lost node or a stopped one)
 * continue here or end: a running step that is not safe to repeat ends `failed` with `cause`
 * (INTERRUPTED, NODE_LOST), everything else is queued on this node. Items of the same tasks that
 * other nodes hold are left alone.
 */
export async function recoverAdopted(
  deps: AppDeps,
  runner: Pick<TaskRunner, 'resume'>,
  adopted: readonly AdoptedTask[],
  cause: Interruption,
): Promise<RecoveryReport> {
  const tasks: Task[] = []
  const itemIds = new Set<string>()
  for (const ref of adopted) {
    const task = await deps.store.getTask(ref.workspaceId, ref.taskId)
    if (task) tasks.push(task)
    for (const id of ref.itemIds) itemIds.add(id)
  }
  return recoverTaskList(
    deps,
    tasks,
    (task) => runner.resume(task),
    cause,
    (item) => itemIds.has(item.id),
  )
}
