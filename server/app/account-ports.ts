import type { AuditEntry, AuditQuery } from '#core/api/audit-schemas.ts'
import type { Role } from '#core/api/auth-schemas.ts'
import type { Page } from '#core/api/common-schemas.ts'
import type { InstallPolicy, Member } from '#core/api/workspace-schemas.ts'
import type { LoginLimiter } from '#server/app/auth/login-limiter.ts'

/**
 * Ports of accounts: users, sessions, workspaces, memberships and the audit log. Like ports.ts,
 * nothing here may import node:*; the memory and SQL stores implement it and share one
 * conformance suite (server/store/account-conformance.ts).
 */

export interface UserRecord {
  id: string
  /** Lowercased; unique. */
  email: string
  name: string
  passwordHash: string
  createdAt: string
}

/** A session; `id` is the SHA-256 of the cookie value, so a leaked table signs nobody in. */
export interface SessionRecord {
  id: string
  userId: string
  createdAt: string
  expiresAt: string
}

export interface WorkspaceRecord {
  id: string
  name: string
  installPolicy: InstallPolicy
  createdAt: string
}

/**
 * An API token of one member in one workspace. `hash` is the SHA-256 of its secret (never stored);
 * `prefix` the secret's first characters, to recognise it by in a list.
 */
export interface ApiTokenRecord {
  id: string
  workspaceId: string
  userId: string
  name: string
  prefix: string
  hash: string
  role: Role
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>

export type TerminalTaskStatus = 'success' | 'failed' | 'cancelled'

/** Why a membership change was refused: it would leave the workspace with no owner. */
export type MembershipChange = 'ok' | 'not_found' | 'last_owner'

export interface AccountStore {
  /**
   * First-run setup, atomically: creates the user, the workspace and the owner membership only
   * while no user exists at all. Returns false (and writes nothing) otherwise.
   */
  setupOwner(user: UserRecord, workspace: WorkspaceRecord): Promise<boolean>
  hasUsers(): Promise<boolean>
  /** Returns false when the email is taken. */
  createUser(user: UserRecord): Promise<boolean>
  getUser(id: string): Promise<UserRecord | null>
  findUserByEmail(email: string): Promise<UserRecord | null>
  /** Returns false when the user does not exist. */
  setPasswordHash(userId: string, passwordHash: string): Promise<boolean>

  createSession(session: SessionRecord): Promise<void>
  getSession(id: string): Promise<SessionRecord | null>
  deleteSession(id: string): Promise<void>
  /** Signs the user out everywhere but `exceptId` (after a password change); returns how many. */
  deleteUserSessions(userId: string, exceptId?: string): Promise<number>
  /** Deletes sessions that expired before `before`; returns how many. */
  deleteExpiredSessions(before: string): Promise<number>

  /** Creates the workspace (or takes over a row the plugin store created) with its first owner. */
  createWorkspace(workspace: WorkspaceRecord, ownerId: string): Promise<void>
  getWorkspace(id: string): Promise<WorkspaceRecord | null>
  updateWorkspace(
    id: string,
    patch: Partial<Pick<WorkspaceRecord, 'name' | 'installPolicy'>>,
  ): Promise<WorkspaceRecord | null>
  /** Every workspace's id, sorted (background jobs that visit each one). */
  listWorkspaceIds(): Promise<string[]>
  /** The user's workspaces with their role, by name. */
  listUserWorkspaces(userId: string): Promise<{ workspace: WorkspaceRecord; role: Role }[]>

  getRole(workspaceId: string, userId: string): Promise<Role | null>
  listMembers(workspaceId: string): Promise<Member[]>
  /** Returns false when the user is a member already. */
  addMember(workspaceId: string, userId: string, role: Role, at: string): Promise<boolean>
  /** Compare-and-set on the owners: never leaves a workspace without an owner. */
  setRole(workspaceId: string, userId: string, role: Role): Promise<MembershipChange>
  /** The member's API tokens in the workspace go with the membership. */
  removeMember(workspaceId: string, userId: string): Promise<MembershipChange>

  createApiToken(token: ApiTokenRecord): Promise<void>
  /** The token whose secret hashes to `hash`, expired or not (the caller decides). */
  findApiToken(hash: string): Promise<ApiTokenRecord | null>
  /** A workspace's tokens, of one member when `userId` is given, oldest first. */
  listApiTokens(workspaceId: string, userId?: string): Promise<ApiTokenRecord[]>
  /** Deletes the token (only from its own workspace); returns what was deleted, or null. */
  deleteApiToken(workspaceId: string, id: string): Promise<ApiTokenRecord | null>
  touchApiToken(id: string, at: string): Promise<void>

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>
  /**
   * Runs `fn` in one transaction: every write it makes through the store it is given (a use-case's
   * change and its audit entry) commits together, or none does when `fn` throws.
   */
  atomically<T>(fn: (accounts: AccountStore) => Promise<T>): Promise<T>
  /**
   * How the task an audited request started (its entries' `details.taskId`) ended: `taskStatus`
   * joins their details, and an end other than success makes their outcome a failure.
   */
  settleAuditTask(workspaceId: string, taskId: string, status: TerminalTaskStatus): Promise<void>
  /**
   * A workspace's audit log, newest first: its own entries plus the sign-ins (workspaceId null)
   * of its current members.
   */
  listAudit(workspaceId: string, query: AuditQuery): Promise<Page<AuditEntry>>
}

/** Password hashing; the hash string names its algorithm and parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** Constant-time comparison; false for a malformed hash. */
  verify(password: string, hash: string): Promise<boolean>
}

/** What the app needs for accounts, beside the Store and the runtime. */
export interface AccountDeps {
  accounts: AccountStore
  hasher: PasswordHasher
  /**
   * The client's address. The isomorphic app cannot read sockets: the real server reads it from
   * Node's request (env), the mocks answer null.
   */
  clientIp?: (request: Request, env: unknown) => string | null
  /** Session lifetime (default 7 days). */
  sessionTtlMs?: number
  /** Failed sign-ins (the server: in the database, shared by every node); default in memory. */
  loginLimiter?: LoginLimiter
  /**
   * Told the token of every new session, and null at sign-out. Only the mocks listen: in the
   * browser a mocked response cannot set a cookie, so their cookie jar learns it here.
   */
  onSessionChange?: (token: string | null) => void
  /**
   * The session token of a request that carries no session cookie. Only the mocks set it (their
   * demo sign-in: a browser Request cannot carry a Cookie header); never set on a real server.
   */
  ambientSessionToken?: () => string | undefined
}
