import { z } from 'zod'
import { ROLES } from '../auth/roles.ts'
import { IdSchema } from './common-schemas.ts'

/** Roles per workspace, weakest first (see ROLES). */
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

/** Emails are compared case-insensitively; they are stored lowercased. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('must be an email address'))
  .transform((email) => email.toLowerCase())

/** At least 10 characters; bcrypt-era upper limits do not apply to scrypt/PBKDF2 but 256 bounds the work. */
export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(256)

export const DisplayNameSchema = z.string().trim().min(1).max(100)

/** A signed-in person, as the API shows them (never the password hash). */
export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
})

/** One workspace the signed-in user belongs to, with their role in it. */
export const WorkspaceMembershipSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: RoleSchema,
})
export type WorkspaceMembership = z.infer<typeof WorkspaceMembershipSchema>

/** `GET /api/auth/me`, and the answer of setup and login. */
export const MeSchema = z.object({
  user: UserSchema,
  workspaces: z.array(WorkspaceMembershipSchema),
})
export type Me = z.infer<typeof MeSchema>

/** `GET /api/auth/setup`: whether the first-run page should be shown. */
export const SetupStatusSchema = z.object({ setupRequired: z.boolean() })

/** `POST /api/auth/setup`: the owner and their first workspace (id `default`). */
export const SetupRequestSchema = z.strictObject({
  email: EmailSchema,
  name: DisplayNameSchema,
  password: PasswordSchema,
  workspaceName: DisplayNameSchema.default('Default workspace'),
})
export type SetupRequest = z.infer<typeof SetupRequestSchema>

/** `POST /api/auth/login`. The password is not length-checked here: a wrong one is just wrong. */
export const LoginRequestSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(256),
})
export type LoginRequest = z.infer<typeof LoginRequestSchema>

/** `POST /api/auth/password`: the current password, and the new one (other sessions end). */
export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
})
export type ChangePassword = z.infer<typeof ChangePasswordSchema>

/** The session cookie (httpOnly, SameSite=Lax, Secure over https). */
export const SESSION_COOKIE = 'plugboard_session'
