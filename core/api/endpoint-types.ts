// The shape of an entry of the endpoint table (core/api/endpoints.ts) and the paths they share.
import type { AUDIT_ACTIONS } from '../audit/audit-actions.ts'
import type { ErrorCode } from '../errors/error-codes.ts'

/**
 * Who may call an endpoint. `member`/`admin`/`owner` are roles in the path's workspace;
 * `install` follows the workspace's installPolicy (everyone → member, admins → admin, nobody → no one);
 * `operator` is instance-wide (no workspace in the path): an owner of INSTANCE_WORKSPACE_ID.
 */
export type Access = 'public' | 'authenticated' | 'member' | 'admin' | 'owner' | 'install' | 'operator'

type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface Endpoint {
  method: EndpointMethod
  /** Hono's pattern, e.g. `/api/workspaces/:ws/plugins/:id`. */
  path: string
  access: Access
  /** The status of success (204: no body). */
  status: 200 | 201 | 202 | 204
  summary: string
  /** Written to the audit log when the call succeeds. */
  audit?: AuditAction
  /**
   * Errors the endpoint's own work can answer. Those that follow from the rest of the entry (sign-in,
   * workspace, role, CSRF header, input) are derived, not listed (server/app/openapi/endpoint-errors.ts).
   */
  errors?: readonly ErrorCode[]
  /** The answer sets the session cookie (`set`) or expires it (`clear`). */
  session?: 'set' | 'clear'
  /** Answers with an ETag, and 304 to a request whose If-None-Match still holds (polled lists). */
  conditional?: true
  /**
   * Refused (403) to a request signed with an API token: only a person signed in may call it (a
   * token cannot mint or revoke tokens). Endpoints outside a workspace (`authenticated`) are too.
   */
  sessionOnly?: true
}

export const WS = '/api/workspaces/:ws'
export const PLUGIN = `${WS}/plugins/:id`
export const TASK = `${WS}/tasks/:taskId`
export const TASK_STARTED = {
  errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'TASK_ALREADY_ACTIVE', 'CONFLICT'],
} as const
