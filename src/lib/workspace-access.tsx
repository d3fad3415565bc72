import { createContext, type ReactNode, use } from 'react'

/**
 * What the signed-in user may do in the current workspace, for hiding what the server would refuse
 * anyway (it stays the authority). Without a provider everything is allowed (tests, unknown role).
 */
export interface WorkspaceAccess {
  /** Admins and owners operate plugins and tasks; members only read. */
  canOperate: boolean
}

const WorkspaceAccessContext = createContext<WorkspaceAccess>({ canOperate: true })

export function WorkspaceAccessProvider({
  access,
  children,
}: {
  access: WorkspaceAccess
  children: ReactNode
}) {
  return <WorkspaceAccessContext value={access}>{children}</WorkspaceAccessContext>
}

export function useWorkspaceAccess(): WorkspaceAccess {
  return use(WorkspaceAccessContext)
}
