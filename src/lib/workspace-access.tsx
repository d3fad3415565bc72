import { createContext, type ReactNode, use } from 'react'
import type { Role } from '#core/api/auth-schemas.ts'
import type { InstallPolicy } from '#core/api/workspace-schemas.ts'
import { installRole, roleAtLeast } from '#core/auth/roles.ts'

/** What the signed-in user may do in a workspace (docs/accounts.md). */
export interface Capabilities {
  install: boolean
  operate: boolean
  manageMembers: boolean
  manageSettings: boolean
  readAudit: boolean
  /** The cluster's Nodes page: owners of the instance workspace only, whatever workspace is open. */
  manageNodes: boolean
}

export interface WorkspaceAccess {
  /** Unknown while "who am I" loads, or outside a workspace. */
  role: Role | undefined
  installPolicy: InstallPolicy | undefined
  can: Capabilities
}

/**
 * The role (and the workspace's install policy) decides what the UI offers; the server stays the
 * authority. No role yet → nothing is offered. `nobody` refuses installs to everyone.
 */
export function accessFor(
  role: Role | undefined,
  installPolicy: InstallPolicy | undefined,
  operator = false,
): WorkspaceAccess {
  const atLeast = (required: Role | null) => !!role && !!required && roleAtLeast(role, required)
  const admin = atLeast('admin')
  const owner = atLeast('owner')
  // The server's default policy is `admins`; until the workspace's own is known, assume it.
  const install = atLeast(installRole(installPolicy ?? 'admins'))
  return {
    role,
    installPolicy,
    can: {
      install,
      operate: admin,
      manageMembers: owner,
      manageSettings: owner,
      readAudit: admin,
      manageNodes: operator,
    },
  }
}

interface ScopedAccess {
  workspaceId: string | null
  access: WorkspaceAccess
}

/** Without a provider everything is allowed (component tests render features on their own). */
const ALLOW_ALL: ScopedAccess = {
  workspaceId: null,
  access: {
    role: undefined,
    installPolicy: undefined,
    can: {
      install: true,
      operate: true,
      manageMembers: true,
      manageSettings: true,
      readAudit: true,
      manageNodes: true,
    },
  },
}
const NONE = accessFor(undefined, undefined)

const WorkspaceAccessContext = createContext<ScopedAccess>(ALLOW_ALL)

export function WorkspaceAccessProvider({
  workspaceId,
  access,
  children,
}: {
  workspaceId: string
  access: WorkspaceAccess
  children: ReactNode
}) {
  return <WorkspaceAccessContext value={{ workspaceId, access }}>{children}</WorkspaceAccessContext>
}

/**
 * What the user may do in `workspaceId`, for hiding what the server would refuse anyway. The app
 * shell provides it for the workspace in the URL; asked about another workspace, nothing is allowed.
 */
export function useWorkspaceAccess(workspaceId: string): WorkspaceAccess {
  const scoped = use(WorkspaceAccessContext)
  if (scoped.workspaceId !== null && scoped.workspaceId !== workspaceId) return NONE
  return scoped.access
}
