/**
 * Roles per workspace, weakest first: members read, admins operate, owners also manage.
 * Plain (no zod) so the SPA's selects can import it without loading zod.
 */
export const ROLES = ['member', 'admin', 'owner'] as const
