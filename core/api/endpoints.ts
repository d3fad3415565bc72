// Plain (no zod): the SPA builds its request paths from this table. The schemas of each endpoint are
// keyed by the same ids on the server (server/app/endpoint-schemas.ts).
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

const WS = '/api/workspaces/:ws'
const PLUGIN = `${WS}/plugins/:id`
const TASK = `${WS}/tasks/:taskId`
const TASK_STARTED = {
  errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'TASK_ALREADY_ACTIVE', 'CONFLICT'],
} as const

/**
 * Every endpoint of the API, once: the access guard authorizes by it, the app registers one handler
 * per id, the OpenAPI document is generated from it (ids are its operationIds) and the SPA builds its
 * paths from it. Among patterns that match one request, the one with more literal segments wins.
 */
export const ENDPOINTS = {
  getHealth: {
    method: 'GET',
    path: '/api/health',
    access: 'public',
    status: 200,
    summary: 'Liveness of the server',
  },
  getReadiness: {
    method: 'GET',
    path: '/api/ready',
    access: 'public',
    status: 200,
    summary: 'Readiness: the plugins that were ready before the start run again (503 while they start)',
  },
  listNodes: {
    method: 'GET',
    path: '/api/nodes',
    access: 'operator',
    status: 200,
    summary: 'The nodes of the cluster: state, last heartbeat, version, plugins and running task items',
  },
  drainNode: {
    method: 'POST',
    path: '/api/nodes/:name/drain',
    access: 'operator',
    status: 202,
    summary: 'Drain a node: it takes no new task items and its plugins move to the other live nodes',
    audit: 'node.drain',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  getOpenApiDocument: {
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    status: 200,
    summary: 'This OpenAPI document, generated from the endpoint table',
  },

  getSetupStatus: {
    method: 'GET',
    path: '/api/auth/setup',
    access: 'public',
    status: 200,
    summary: 'Whether first-run setup is still open (no user yet)',
  },
  setUp: {
    method: 'POST',
    path: '/api/auth/setup',
    access: 'public',
    status: 201,
    summary: 'First run: create the owner and the workspace `default`, signed in (409 once a user exists)',
    errors: ['CONFLICT'],
    session: 'set',
  },
  signIn: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    status: 200,
    summary: 'Sign in: a new session cookie every time (5 failures in 15 min → 429 with Retry-After)',
    errors: ['UNAUTHENTICATED', 'RATE_LIMITED'],
    session: 'set',
  },
  signOut: {
    method: 'POST',
    path: '/api/auth/logout',
    access: 'public',
    status: 204,
    summary: 'Sign out: the session is deleted and the cookie cleared',
    session: 'clear',
  },
  getMe: {
    method: 'GET',
    path: '/api/auth/me',
    access: 'authenticated',
    status: 200,
    summary: 'The signed-in user and their workspaces with roles',
  },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    access: 'authenticated',
    status: 204,
    summary: 'Change the signed-in user’s password; their other sessions end',
  },
  listWorkspaces: {
    method: 'GET',
    path: '/api/workspaces',
    access: 'authenticated',
    status: 200,
    summary: "The signed-in user's workspaces",
  },
  createWorkspace: {
    method: 'POST',
    path: '/api/workspaces',
    access: 'authenticated',
    status: 201,
    summary: 'Create a workspace; the caller becomes its owner',
  },

  listPlugins: {
    method: 'GET',
    path: `${WS}/plugins`,
    access: 'member',
    status: 200,
    summary: 'Installed plugins (search, filter, sort, paginate)',
    conditional: true,
  },
  getPlugin: {
    method: 'GET',
    path: PLUGIN,
    access: 'member',
    status: 200,
    summary: 'One plugin with its runtime diagnostics',
    errors: ['NOT_FOUND'],
  },
  listPluginEvents: {
    method: 'GET',
    path: `${PLUGIN}/events`,
    access: 'member',
    status: 200,
    summary: "The plugin's timeline, newest first",
    errors: ['NOT_FOUND'],
  },
  getPluginHealth: {
    method: 'GET',
    path: `${PLUGIN}/health`,
    access: 'member',
    status: 200,
    summary: 'The last health checks of the plugin, for its chart',
    errors: ['NOT_FOUND'],
  },
  getPluginLogs: {
    method: 'GET',
    path: `${PLUGIN}/logs`,
    access: 'member',
    status: 200,
    summary: "The tail of the plugin worker's log",
    errors: ['NOT_FOUND'],
  },
  enablePlugin: {
    method: 'POST',
    path: `${PLUGIN}/enable`,
    access: 'admin',
    status: 202,
    summary: 'Start the plugin (disabled | error → ready)',
    audit: 'plugin.enable',
    ...TASK_STARTED,
  },
  disablePlugin: {
    method: 'POST',
    path: `${PLUGIN}/disable`,
    access: 'admin',
    status: 202,
    summary: 'Stop the plugin (ready | error → disabled)',
    audit: 'plugin.disable',
    ...TASK_STARTED,
  },
  restartPlugin: {
    method: 'POST',
    path: `${PLUGIN}/restart`,
    access: 'admin',
    status: 202,
    summary: 'Restart the worker (ready → ready)',
    audit: 'plugin.restart',
    ...TASK_STARTED,
  },
  upgradePlugin: {
    method: 'POST',
    path: `${PLUGIN}/upgrade`,
    access: 'admin',
    status: 202,
    summary: 'Upgrade to a catalog version',
    audit: 'plugin.upgrade',
    ...TASK_STARTED,
  },
  approveUpgrade: {
    method: 'POST',
    path: `${PLUGIN}/upgrade/approve`,
    access: 'admin',
    status: 202,
    summary: 'Approve the new capabilities of a pending upgrade',
    audit: 'plugin.approve',
    ...TASK_STARTED,
  },
  rejectUpgrade: {
    method: 'POST',
    path: `${PLUGIN}/upgrade/reject`,
    access: 'admin',
    status: 202,
    summary: 'Reject a pending upgrade and roll back',
    audit: 'plugin.reject',
    ...TASK_STARTED,
  },
  uninstallPlugin: {
    method: 'DELETE',
    path: PLUGIN,
    access: 'admin',
    status: 202,
    summary: 'Uninstall (soft; `purge=true` deletes data too)',
    audit: 'plugin.uninstall',
    ...TASK_STARTED,
  },

  getPluginConfig: {
    method: 'GET',
    path: `${PLUGIN}/config`,
    access: 'member',
    status: 200,
    summary: "Every module's config schema and values; secret fields only as set / not set",
    errors: ['NOT_FOUND'],
  },
  updatePluginConfig: {
    method: 'PUT',
    path: `${PLUGIN}/config`,
    access: 'admin',
    status: 202,
    summary: "New values, validated with the modules' schemas, applied by a configure task",
    audit: 'plugin.configure',
    errors: ['NOT_FOUND', 'TASK_ALREADY_ACTIVE', 'CONFLICT', 'INVALID_TRANSITION'],
  },
  checkPluginConfig: {
    method: 'POST',
    path: `${PLUGIN}/config/check`,
    access: 'admin',
    status: 200,
    summary: 'The problems a PUT of these values would answer (same rules); nothing is saved',
    errors: ['NOT_FOUND'],
  },
  listPluginConfigHistory: {
    method: 'GET',
    path: `${PLUGIN}/config/history`,
    access: 'member',
    status: 200,
    summary: 'Configuration versions, newest first: who, when, which fields changed',
    errors: ['NOT_FOUND'],
  },
  restorePluginConfig: {
    method: 'POST',
    path: `${PLUGIN}/config/restore`,
    access: 'admin',
    status: 202,
    summary: 'Apply an earlier configuration version again (a configure task)',
    audit: 'plugin.configure',
    errors: ['NOT_FOUND', 'TASK_ALREADY_ACTIVE', 'CONFLICT', 'INVALID_TRANSITION'],
  },
  listMarketplace: {
    method: 'GET',
    path: `${WS}/marketplace`,
    access: 'member',
    status: 200,
    summary: 'The catalog',
  },
  getMarketplaceEntry: {
    method: 'GET',
    path: `${WS}/marketplace/:org/:name`,
    access: 'member',
    status: 200,
    summary: 'One catalog entry with its versions',
    errors: ['NOT_FOUND'],
  },
  getMarketplaceEntryById: {
    method: 'GET',
    path: `${WS}/marketplace/:pluginId`,
    access: 'member',
    status: 200,
    summary: 'One catalog entry, its id URL-encoded (acme%2Fhello)',
    errors: ['NOT_FOUND'],
  },
  installPlugins: {
    method: 'POST',
    path: `${WS}/installs`,
    access: 'install',
    status: 202,
    summary: 'Install one or more plugins (a bundle) as one task',
    audit: 'plugin.install',
    ...TASK_STARTED,
  },
  registerDevPlugin: {
    method: 'POST',
    path: `${WS}/dev-plugins`,
    access: 'admin',
    status: 202,
    summary: 'Dev mode: install a plugin in development from a folder on the server (404 when off)',
    audit: 'plugin.install',
    errors: [...TASK_STARTED.errors, 'PACKAGE_INVALID', 'PAYLOAD_TOO_LARGE'],
  },
  reloadDevPlugin: {
    method: 'POST',
    path: `${PLUGIN}/dev/reload`,
    access: 'admin',
    status: 202,
    summary: 'Dev mode: reload a plugin in development from its folder, keeping its state',
    audit: 'plugin.reload',
    ...TASK_STARTED,
  },
  uploadPackage: {
    method: 'POST',
    path: `${WS}/packages`,
    access: 'install',
    status: 201,
    summary: 'Upload a .tgz package (multipart); answers its verified manifest and sha256',
    audit: 'package.upload',
    errors: ['NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'PACKAGE_INVALID'],
  },

  listSources: {
    method: 'GET',
    path: `${WS}/sources`,
    access: 'member',
    status: 200,
    summary: 'Marketplace sources: the local catalog and registries',
  },
  addSource: {
    method: 'POST',
    path: `${WS}/sources`,
    access: 'admin',
    status: 201,
    summary: 'Add an npm-compatible registry (its token is write-only)',
    audit: 'source.add',
    errors: ['CONFLICT'],
  },
  updateSource: {
    method: 'PATCH',
    path: `${WS}/sources/:sourceId`,
    access: 'admin',
    status: 200,
    summary: "Change a registry source's signature policy (off, show, require)",
    audit: 'source.update',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  removeSource: {
    method: 'DELETE',
    path: `${WS}/sources/:sourceId`,
    access: 'admin',
    status: 204,
    summary: 'Remove a registry source',
    audit: 'source.remove',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  listUpdates: {
    method: 'GET',
    path: `${WS}/updates`,
    access: 'member',
    status: 200,
    summary: 'Installed plugins with a newer version in their source',
  },
  updateSeveral: {
    method: 'POST',
    path: `${WS}/updates`,
    access: 'admin',
    status: 202,
    summary: 'Update several plugins: one task, one item per plugin',
    audit: 'plugin.update_several',
    ...TASK_STARTED,
  },
  getUpdatePolicy: {
    method: 'GET',
    path: `${WS}/updates/policy`,
    access: 'member',
    status: 200,
    summary: "The workspace's update policy and maintenance window",
  },
  setUpdatePolicy: {
    method: 'PATCH',
    path: `${WS}/updates/policy`,
    access: 'admin',
    status: 200,
    summary: 'Set the update policy (manual | patch | minor) and its window',
    audit: 'updates.policy',
    errors: ['NOT_FOUND'],
  },
  pinPlugin: {
    method: 'POST',
    path: `${PLUGIN}/pin`,
    access: 'admin',
    status: 200,
    summary: 'Pin the installed version: no automatic update touches it',
    audit: 'plugin.pin',
    errors: ['NOT_FOUND'],
  },
  unpinPlugin: {
    method: 'DELETE',
    path: `${PLUGIN}/pin`,
    access: 'admin',
    status: 200,
    summary: 'Unpin the plugin',
    audit: 'plugin.unpin',
    errors: ['NOT_FOUND'],
  },

  listTasks: {
    method: 'GET',
    path: `${WS}/tasks`,
    access: 'member',
    status: 200,
    summary: 'Tasks, newest first, with the active count',
    conditional: true,
  },
  streamWorkspace: {
    method: 'GET',
    path: `${WS}/stream`,
    access: 'member',
    status: 200,
    summary: 'Server-Sent Events of every change in the workspace (text/event-stream)',
    errors: ['NOT_FOUND', 'RATE_LIMITED'],
    // Counted and ended per session (sign-out ends it).
    sessionOnly: true,
  },
  clearTasks: {
    method: 'POST',
    path: `${WS}/tasks/clear`,
    access: 'admin',
    status: 200,
    summary: 'Clear every terminal task at once',
    audit: 'task.clear_all',
  },
  getTask: {
    method: 'GET',
    path: TASK,
    access: 'member',
    status: 200,
    summary: 'One task',
    errors: ['NOT_FOUND'],
  },
  cancelTask: {
    method: 'POST',
    path: `${TASK}/cancel`,
    access: 'admin',
    status: 200,
    summary: 'Cancel an active task',
    audit: 'task.cancel',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  clearTask: {
    method: 'DELETE',
    path: TASK,
    access: 'admin',
    status: 204,
    summary: 'Clear one terminal task',
    audit: 'task.clear',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },

  listMembers: {
    method: 'GET',
    path: `${WS}/members`,
    access: 'member',
    status: 200,
    summary: 'Members and their roles',
  },
  addMember: {
    method: 'POST',
    path: `${WS}/members`,
    access: 'owner',
    status: 201,
    summary: 'Add a user by email; an unknown email is invited with a temporary password answered once',
    audit: 'member.add',
    errors: ['CONFLICT'],
  },
  updateMember: {
    method: 'PATCH',
    path: `${WS}/members/:userId`,
    access: 'owner',
    status: 200,
    summary: "Change a member's role (never the last owner's)",
    audit: 'member.role',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  removeMember: {
    method: 'DELETE',
    path: `${WS}/members/:userId`,
    access: 'owner',
    status: 204,
    summary: 'Remove a member (never the last owner)',
    audit: 'member.remove',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  listApiTokens: {
    method: 'GET',
    path: `${WS}/tokens`,
    access: 'member',
    status: 200,
    summary: "The caller's API tokens (an owner's list: every member's), never their secrets",
    sessionOnly: true,
  },
  createApiToken: {
    method: 'POST',
    path: `${WS}/tokens`,
    access: 'member',
    status: 201,
    summary: 'Create an API token with a role no higher than the caller’s; its secret is answered once',
    audit: 'token.create',
    errors: ['FORBIDDEN'],
    sessionOnly: true,
  },
  revokeApiToken: {
    method: 'DELETE',
    path: `${WS}/tokens/:tokenId`,
    access: 'member',
    status: 204,
    summary: 'Revoke an API token: one’s own, or any in the workspace for an owner',
    audit: 'token.revoke',
    errors: ['NOT_FOUND'],
    sessionOnly: true,
  },
  getSettings: {
    method: 'GET',
    path: `${WS}/settings`,
    access: 'member',
    status: 200,
    summary: "The workspace's name and who may install plugins",
  },
  updateSettings: {
    method: 'PATCH',
    path: `${WS}/settings`,
    access: 'owner',
    status: 200,
    summary: 'Rename the workspace or change who may install plugins',
    audit: 'settings.update',
  },
  listAudit: {
    method: 'GET',
    path: `${WS}/audit`,
    access: 'admin',
    status: 200,
    summary: 'The audit log, newest first, filtered by action, actor and time',
  },
} as const satisfies Record<string, Endpoint>

export type EndpointId = keyof typeof ENDPOINTS

/** `:name` segments of a path pattern, as a type: `'ws' | 'id'` for `…/:ws/plugins/:id`. */
type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never
type PathParams<K extends EndpointId> = Record<ParamsOf<(typeof ENDPOINTS)[K]['path']>, string>

/** The concrete path of an endpoint, each parameter URL-encoded (`acme/hello` → `acme%2Fhello`). */
export function pathTo<K extends EndpointId>(id: K, params: PathParams<K>): string {
  const values = params as Record<string, string>
  return ENDPOINTS[id].path.replaceAll(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''))
}
