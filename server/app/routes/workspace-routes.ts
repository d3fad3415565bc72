import { workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import { createWorkspaceService } from '#server/app/services/workspace-service.ts'

/** The signed-in user's workspaces, creating one, a workspace's settings and its audit log. */
export function workspaceHandlers(
  deps: AppDeps,
): EndpointHandlers<'listWorkspaces' | 'createWorkspace' | 'getSettings' | 'updateSettings' | 'listAudit'> {
  const workspaces = createWorkspaceService(deps)
  return {
    listWorkspaces: (c) => workspaces.list(c),
    createWorkspace: (c, { body }) => workspaces.create(c, body.name),
    getSettings: (c) => workspaces.settings(c),
    updateSettings: (c, { body }) => workspaces.updateSettings(c, body),
    listAudit: (c, { query }) => workspaces.audit(workspaceOf(c), query),
  }
}
