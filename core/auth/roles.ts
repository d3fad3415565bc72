// Plain (no zod) so the SPA can decide what to offer without loading zod; the schemas build on these.

/** Roles per workspace, weakest first: members read, admins operate, owners also manage. */
export const ROLES = ['member', 'admin', 'owner'] as const
type Role = (typeof ROLES)[number]

/** Whether `role` is at least `required` (owner ⊇ admin ⊇ member). */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required)
}

/** Who may install plugins in a workspace (its setting). */
export const INSTALL_POLICIES = ['everyone', 'admins', 'nobody'] as const
type InstallPolicy = (typeof INSTALL_POLICIES)[number]

/** The least role that may install under `policy`, or null when nobody may. */
export function installRole(policy: InstallPolicy): Role | null {
  if (policy === 'everyone') return 'member'
  return policy === 'admins' ? 'admin' : null
}

/**
 * The workspace first-run setup creates. Its owners are the instance's operators: the only ones who
 * may see and drain the cluster's nodes (endpoint access `operator`), since nodes serve every
 * workspace and anyone signed in may create a workspace of their own.
 */
export const INSTANCE_WORKSPACE_ID = 'default'
