import { z } from 'zod'
import { AuditListSchema, AuditQuerySchema } from '#core/api/audit-schemas.ts'
import {
  ChangePasswordSchema,
  LoginRequestSchema,
  MeSchema,
  SetupRequestSchema,
  SetupStatusSchema,
  WorkspaceMembershipSchema,
} from '#core/api/auth-schemas.ts'
import { paginationQuery } from '#core/api/common-schemas.ts'
import { DevPluginRequestSchema } from '#core/api/dev-schemas.ts'
import type { EndpointId } from '#core/api/endpoints.ts'
import { HealthSchema, ReadinessSchema } from '#core/api/health-schemas.ts'
import { InstallRequestSchema } from '#core/api/install-schemas.ts'
import {
  MarketplaceEntrySchema,
  MarketplaceListSchema,
  MarketplaceQuerySchema,
} from '#core/api/marketplace-schemas.ts'
import { DrainResponseSchema, NodeListSchema } from '#core/api/node-schemas.ts'
import { UploadedPackageSchema } from '#core/api/package-schemas.ts'
import { PACKAGE_UPLOAD_FIELD } from '#core/api/package-upload.ts'
import {
  PluginDetailSchema,
  PluginEventListSchema,
  PluginHealthHistorySchema,
  PluginListQuerySchema,
  PluginListSchema,
  PluginLogsSchema,
  UninstallQuerySchema,
  UpgradeRequestSchema,
} from '#core/api/plugin-schemas.ts'
import {
  SourceCreateSchema,
  SourceListSchema,
  SourceSchema,
  SourceUpdateSchema,
} from '#core/api/source-schemas.ts'
import { StreamQuerySchema } from '#core/api/stream-schemas.ts'
import {
  ClearTasksResponseSchema,
  TaskListQuerySchema,
  TaskListSchema,
  TaskResponseSchema,
  TaskSchema,
} from '#core/api/task-schemas.ts'
import { ApiTokenListSchema, CreateApiTokenSchema, CreatedApiTokenSchema } from '#core/api/token-schemas.ts'
import { PinResponseSchema, UpdatePolicySchema } from '#core/api/update-policy-schemas.ts'
import { UpdateListSchema, UpdateRequestSchema } from '#core/api/update-schemas.ts'
import {
  AddMemberResponseSchema,
  AddMemberSchema,
  CreateWorkspaceSchema,
  MemberListSchema,
  MemberSchema,
  UpdateMemberSchema,
  UpdateSettingsSchema,
  WorkspaceSettingsSchema,
} from '#core/api/workspace-schemas.ts'
import {
  ConfigCheckResponseSchema,
  ConfigHistorySchema,
  ConfigRestoreRequestSchema,
  ConfigUpdateRequestSchema,
  PluginConfigSchema,
} from '#core/config/config-schemas.ts'

/** What an endpoint takes and answers. The app parses `query` and a JSON `body` before the handler. */
export interface EndpointSchemas {
  query?: z.ZodObject
  body?: z.ZodType
  /** How the body travels (default JSON); a multipart body is read by its handler. */
  bodyType?: 'multipart'
  /** The body of success; none for a 204. */
  response?: z.ZodType
  /** Instead of a JSON body, a stream of this type (its handler answers the Response itself). */
  stream?: 'text/event-stream'
  /** A second answer that is not an error (its handler answers the Response itself). */
  alternative?: { status: number; description: string; response: z.ZodType }
}

const task = { response: TaskResponseSchema } as const

/** The generated document's outline (describing its own schema in full would say little more). */
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
})

/** The schema side of the endpoint table (core/api/endpoints.ts), keyed by the same ids. */
export const ENDPOINT_SCHEMAS = {
  getHealth: { response: HealthSchema },
  listNodes: { response: NodeListSchema },
  drainNode: { response: DrainResponseSchema },
  getReadiness: {
    response: ReadinessSchema,
    alternative: { status: 503, description: 'Plugins are still starting', response: ReadinessSchema },
  },
  getOpenApiDocument: { response: OpenApiDocumentSchema },
  getSetupStatus: { response: SetupStatusSchema },
  setUp: { body: SetupRequestSchema, response: MeSchema },
  signIn: { body: LoginRequestSchema, response: MeSchema },
  signOut: {},
  getMe: { response: MeSchema },
  changePassword: { body: ChangePasswordSchema },
  listWorkspaces: { response: z.object({ items: z.array(WorkspaceMembershipSchema) }) },
  createWorkspace: { body: CreateWorkspaceSchema, response: WorkspaceMembershipSchema },

  listPlugins: { query: PluginListQuerySchema, response: PluginListSchema },
  getPlugin: { response: PluginDetailSchema },
  listPluginEvents: { query: paginationQuery(50, 200), response: PluginEventListSchema },
  getPluginHealth: { response: PluginHealthHistorySchema },
  getPluginLogs: { response: PluginLogsSchema },
  enablePlugin: task,
  disablePlugin: task,
  restartPlugin: task,
  upgradePlugin: { body: UpgradeRequestSchema, ...task },
  approveUpgrade: task,
  rejectUpgrade: task,
  uninstallPlugin: { query: UninstallQuerySchema, ...task },

  getPluginConfig: { response: PluginConfigSchema },
  updatePluginConfig: { body: ConfigUpdateRequestSchema, ...task },
  checkPluginConfig: { body: ConfigUpdateRequestSchema, response: ConfigCheckResponseSchema },
  listPluginConfigHistory: { response: ConfigHistorySchema },
  restorePluginConfig: { body: ConfigRestoreRequestSchema, ...task },
  listMarketplace: { query: MarketplaceQuerySchema, response: MarketplaceListSchema },
  getMarketplaceEntry: { response: MarketplaceEntrySchema },
  getMarketplaceEntryById: { response: MarketplaceEntrySchema },
  installPlugins: { body: InstallRequestSchema, ...task },
  registerDevPlugin: { body: DevPluginRequestSchema, ...task },
  reloadDevPlugin: task,
  uploadPackage: {
    body: z.object({ [PACKAGE_UPLOAD_FIELD]: z.file() }),
    bodyType: 'multipart',
    response: UploadedPackageSchema,
  },

  listSources: { response: SourceListSchema },
  addSource: { body: SourceCreateSchema, response: SourceSchema },
  updateSource: { body: SourceUpdateSchema, response: SourceSchema },
  removeSource: {},
  listUpdates: { response: UpdateListSchema },
  updateSeveral: { body: UpdateRequestSchema, ...task },
  getUpdatePolicy: { response: UpdatePolicySchema },
  setUpdatePolicy: { body: UpdatePolicySchema, response: UpdatePolicySchema },
  pinPlugin: { response: PinResponseSchema },
  unpinPlugin: { response: PinResponseSchema },

  listTasks: { query: TaskListQuerySchema, response: TaskListSchema },
  streamWorkspace: { query: StreamQuerySchema, stream: 'text/event-stream' },
  clearTasks: { response: ClearTasksResponseSchema },
  getTask: { response: TaskSchema },
  cancelTask: task,
  clearTask: {},

  listMembers: { response: MemberListSchema },
  addMember: { body: AddMemberSchema, response: AddMemberResponseSchema },
  updateMember: { body: UpdateMemberSchema, response: MemberSchema },
  removeMember: {},
  listApiTokens: { response: ApiTokenListSchema },
  createApiToken: { body: CreateApiTokenSchema, response: CreatedApiTokenSchema },
  revokeApiToken: {},
  getSettings: { response: WorkspaceSettingsSchema },
  updateSettings: { body: UpdateSettingsSchema, response: WorkspaceSettingsSchema },
  listAudit: { query: AuditQuerySchema, response: AuditListSchema },
} as const satisfies Record<EndpointId, EndpointSchemas>
