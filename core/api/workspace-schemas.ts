import { z } from 'zod'
import { INSTALL_POLICIES } from '../auth/roles.ts'
import { DisplayNameSchema, EmailSchema, RoleSchema, UserSchema } from './auth-schemas.ts'
import { IdSchema, TimestampSchema } from './common-schemas.ts'

/** Who may install plugins in a workspace (see INSTALL_POLICIES). */
export const InstallPolicySchema = z.enum(INSTALL_POLICIES)
export type InstallPolicy = z.infer<typeof InstallPolicySchema>

/** `GET /api/workspaces/:ws/settings`. */
export const WorkspaceSettingsSchema = z.object({
  workspaceId: IdSchema,
  name: z.string(),
  installPolicy: InstallPolicySchema,
})
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>

/** `PATCH /api/workspaces/:ws/settings`: any subset. */
export const UpdateSettingsSchema = z
  .strictObject({ name: DisplayNameSchema, installPolicy: InstallPolicySchema })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name or installPolicy is required')
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>

/** `POST /api/workspaces`: the creator becomes its owner. */
export const CreateWorkspaceSchema = z.strictObject({ name: DisplayNameSchema })

/** One member of a workspace. */
export const MemberSchema = UserSchema.extend({ role: RoleSchema, joinedAt: TimestampSchema })
export type Member = z.infer<typeof MemberSchema>

export const MemberListSchema = z.object({ items: z.array(MemberSchema) })

/**
 * `POST /api/workspaces/:ws/members`: adds an existing user by email, or creates an invited user
 * (name required then) whose temporary password is answered once.
 */
export const AddMemberSchema = z.strictObject({
  email: EmailSchema,
  role: RoleSchema.default('member'),
  name: DisplayNameSchema.optional(),
})
export type AddMember = z.infer<typeof AddMemberSchema>

export const AddMemberResponseSchema = z.object({
  member: MemberSchema,
  /** Present only when the user was created by this call: shown once, never stored in clear. */
  temporaryPassword: z.string().optional(),
})

/** `PATCH /api/workspaces/:ws/members/:userId`. */
export const UpdateMemberSchema = z.strictObject({ role: RoleSchema })
