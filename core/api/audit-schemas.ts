import { z } from 'zod'
import { AUDIT_ACTIONS } from '../audit/audit-actions.ts'
import { IdSchema, pageSchema, paginationQuery, TimestampSchema } from './common-schemas.ts'

/** What the audit log records (docs/accounts.md). */
export const AuditActionSchema = z.enum(AUDIT_ACTIONS)
export type AuditAction = z.infer<typeof AuditActionSchema>

/**
 * Who did what, when, from where. `workspaceId` is null for sign-ins (they belong to no workspace;
 * a workspace's log shows those of its members).
 */
export const AuditEntrySchema = z.object({
  id: z.string(),
  workspaceId: IdSchema.nullable(),
  at: TimestampSchema,
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: AuditActionSchema,
  /** The plugin, task or member acted on, when there is one. */
  target: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof AuditEntrySchema>

/** `GET …/audit?action&actor&from&to&page&pageSize`; `actor` is an email or a user id. */
export const AuditQuerySchema = paginationQuery(50, 200).extend({
  action: AuditActionSchema.optional(),
  actor: z.string().trim().min(1).max(254).optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
})
export type AuditQuery = z.infer<typeof AuditQuerySchema>

export const AuditListSchema = pageSchema(AuditEntrySchema)
