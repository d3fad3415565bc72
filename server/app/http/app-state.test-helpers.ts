import { AuditQuerySchema } from '#core/api/audit-schemas.ts'
import { PluginListQuerySchema } from '#core/api/plugin-schemas.ts'
import { TaskListQuerySchema } from '#core/api/task-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'

/**
 * Everything a request could change in a workspace, read through the ports: plugins, tasks, the
 * members' workspaces, members, settings and the audit log. Equal snapshots before and after a
 * refused request prove it wrote nothing.
 */
export async function appState(deps: AppDeps, workspaceId: string) {
  const members = await deps.accounts.listMembers(workspaceId)
  const [plugins, tasks, settings, audit, workspaces] = await Promise.all([
    deps.store.listPlugins(workspaceId, PluginListQuerySchema.parse({ pageSize: 500 })),
    deps.store.listTasks(workspaceId, TaskListQuerySchema.parse({ pageSize: 100 })),
    deps.accounts.getWorkspace(workspaceId),
    deps.accounts.listAudit(workspaceId, AuditQuerySchema.parse({ pageSize: 200 })),
    Promise.all(members.map((member) => deps.accounts.listUserWorkspaces(member.id))),
  ])
  return { plugins, tasks, members, settings, audit, workspaces }
}
