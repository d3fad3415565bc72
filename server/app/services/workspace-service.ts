import type { Context } from 'hono'
import type { AuditEntry, AuditQuery } from '#core/api/audit-schemas.ts'
import type { WorkspaceMembership } from '#core/api/auth-schemas.ts'
import type { Page } from '#core/api/common-schemas.ts'
import type { UpdateSettings, WorkspaceSettings } from '#core/api/workspace-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { WorkspaceRecord } from '#server/app/account-ports.ts'
import { auditedIn } from '#server/app/auth/audit-recorder.ts'
import { authOf, userOf } from '#server/app/auth/auth-context.ts'
import type { AppDeps } from '#server/app/ports.ts'

const settingsOf = (workspace: WorkspaceRecord): WorkspaceSettings => ({
  workspaceId: workspace.id,
  name: workspace.name,
  installPolicy: workspace.installPolicy,
})

/** Workspaces of the signed-in user, settings and the audit log (members: member-service.ts). */
export function createWorkspaceService(deps: AppDeps) {
  const { accounts } = deps
  return {
    async list(c: Context): Promise<{ items: WorkspaceMembership[] }> {
      const memberships = await accounts.listUserWorkspaces(userOf(c).id)
      return {
        items: memberships.map(({ workspace, role }) => ({ id: workspace.id, name: workspace.name, role })),
      }
    },
    /** Any signed-in user may create a workspace and becomes its owner. */
    async create(c: Context, name: string): Promise<WorkspaceMembership> {
      const user = userOf(c)
      const at = deps.clock.now().toISOString()
      const workspace: WorkspaceRecord = {
        id: deps.newId('ws'),
        name,
        installPolicy: 'admins',
        createdAt: at,
      }
      // Both or neither: a failed audit write must not leave a workspace a retry would duplicate.
      await accounts.atomically(async (tx) => {
        await tx.createWorkspace(workspace, user.id)
        await tx.appendAudit({
          workspaceId: workspace.id,
          at,
          actorId: user.id,
          actorEmail: user.email,
          action: 'workspace.create',
          target: workspace.id,
          outcome: 'success',
          ip: authOf(c).ip,
          details: { name },
        })
      })
      return { id: workspace.id, name, role: 'owner' }
    },
    settings(c: Context): WorkspaceSettings {
      const { workspace } = authOf(c)
      if (!workspace) throw new ApiError('NOT_FOUND', 'unknown workspace')
      return settingsOf(workspace)
    },
    async updateSettings(c: Context, patch: UpdateSettings): Promise<WorkspaceSettings> {
      const { workspace } = authOf(c)
      const updated =
        workspace &&
        (await auditedIn(c, deps, { ws: workspace.id }, (tx) => tx.updateWorkspace(workspace.id, patch)))
      if (!updated) throw new ApiError('NOT_FOUND', 'unknown workspace')
      const settings = settingsOf(updated)
      deps.changes?.publish(updated.id, { type: 'settings.changed', data: { settings } })
      return settings
    },
    async audit(workspaceId: string, query: AuditQuery): Promise<Page<AuditEntry>> {
      return accounts.listAudit(workspaceId, query)
    },
  }
}
