import { z } from 'zod'
import { paginationQuery } from '#core/api/common-schemas.ts'
import { InstallRequestSchema } from '#core/api/install-schemas.ts'
import {
  MarketplaceEntrySchema,
  MarketplaceListSchema,
  MarketplaceQuerySchema,
} from '#core/api/marketplace-schemas.ts'
import { PACKAGE_UPLOAD_FIELD, UploadedPackageSchema } from '#core/api/package-schemas.ts'
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
import { SourceCreateSchema, SourceListSchema, SourceSchema } from '#core/api/source-schemas.ts'
import {
  ClearTasksResponseSchema,
  TaskListQuerySchema,
  TaskListSchema,
  TaskResponseSchema,
  TaskSchema,
} from '#core/api/task-schemas.ts'
import { PinResponseSchema, UpdatePolicySchema } from '#core/api/update-policy-schemas.ts'
import { UpdateListSchema, UpdateRequestSchema } from '#core/api/update-schemas.ts'
import { ACCOUNT_API_ROUTES } from './account-api-routes.ts'

/** One HTTP route of the API and the schemas of what it takes and answers. */
export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** OpenAPI path template: `{ws}` for `:ws`. */
  path: string
  summary: string
  query?: z.ZodObject
  body?: z.ZodType
  /** How the body travels (default JSON). */
  bodyType?: 'json' | 'multipart'
  /** Success status and its body schema (null: no body). */
  status: 200 | 201 | 202 | 204
  response: z.ZodType | null
  /** Error codes this route answers besides VALIDATION_FAILED and INTERNAL. */
  errors?: readonly number[]
}

const WS = '/api/workspaces/{ws}'
const PLUGIN = `${WS}/plugins/{id}`
const action = (path: string, summary: string, extra: Partial<ApiRoute> = {}): ApiRoute => ({
  method: 'post',
  path: `${PLUGIN}/${path}`,
  summary,
  status: 202,
  response: TaskResponseSchema,
  errors: [404, 409],
  ...extra,
})

/** Every route of the API, in one place: the OpenAPI document is generated from this list. */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness of the server', status: 200, response: null },
  ...ACCOUNT_API_ROUTES,
  {
    method: 'get',
    path: `${WS}/plugins`,
    summary: 'Installed plugins (search, filter, sort, paginate)',
    query: PluginListQuerySchema,
    status: 200,
    response: PluginListSchema,
  },
  {
    method: 'get',
    path: PLUGIN,
    summary: 'One plugin with its runtime diagnostics',
    status: 200,
    response: PluginDetailSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: `${PLUGIN}/events`,
    summary: "The plugin's timeline, newest first",
    query: paginationQuery(50, 200),
    status: 200,
    response: PluginEventListSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: `${PLUGIN}/health`,
    summary: 'The last health checks of the plugin, for its chart',
    status: 200,
    response: PluginHealthHistorySchema,
    errors: [404],
  },
  {
    method: 'get',
    path: `${PLUGIN}/logs`,
    summary: "The tail of the plugin worker's log",
    status: 200,
    response: PluginLogsSchema,
    errors: [404],
  },
  action('enable', 'Start the plugin (disabled | error → ready)'),
  action('disable', 'Stop the plugin (ready | error → disabled)'),
  action('restart', 'Restart the worker (ready → ready)'),
  action('upgrade', 'Upgrade to a catalog version', { body: UpgradeRequestSchema }),
  action('upgrade/approve', 'Approve the new capabilities of a pending upgrade'),
  action('upgrade/reject', 'Reject a pending upgrade and roll back'),
  {
    method: 'delete',
    path: PLUGIN,
    summary: 'Uninstall (soft; `purge=true` deletes data too)',
    query: UninstallQuerySchema,
    status: 202,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: `${WS}/marketplace`,
    summary: 'The catalog',
    query: MarketplaceQuerySchema,
    status: 200,
    response: MarketplaceListSchema,
  },
  {
    method: 'get',
    path: `${WS}/marketplace/{org}/{name}`,
    summary: 'One catalog entry with its versions',
    status: 200,
    response: MarketplaceEntrySchema,
    errors: [404],
  },
  {
    method: 'get',
    path: `${WS}/marketplace/{pluginId}`,
    summary: 'One catalog entry, its id URL-encoded (acme%2Fhello)',
    status: 200,
    response: MarketplaceEntrySchema,
    errors: [404],
  },
  {
    method: 'post',
    path: `${WS}/packages`,
    summary: 'Upload a .tgz package (multipart); answers its verified manifest and sha256',
    body: z.object({ [PACKAGE_UPLOAD_FIELD]: z.file() }),
    bodyType: 'multipart',
    status: 201,
    response: UploadedPackageSchema,
    errors: [413, 422],
  },
  {
    method: 'get',
    path: `${WS}/sources`,
    summary: 'Marketplace sources: the local catalog and registries',
    status: 200,
    response: SourceListSchema,
  },
  {
    method: 'post',
    path: `${WS}/sources`,
    summary: 'Add an npm-compatible registry (its token is write-only)',
    body: SourceCreateSchema,
    status: 201,
    response: SourceSchema,
    errors: [409],
  },
  {
    method: 'delete',
    path: `${WS}/sources/{sourceId}`,
    summary: 'Remove a registry source',
    status: 204,
    response: null,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: `${WS}/updates`,
    summary: 'Installed plugins with a newer version in their source',
    status: 200,
    response: UpdateListSchema,
  },
  {
    method: 'post',
    path: `${WS}/updates`,
    summary: 'Update several plugins: one task, one item per plugin',
    body: UpdateRequestSchema,
    status: 202,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: `${WS}/updates/policy`,
    summary: "The workspace's update policy and maintenance window",
    status: 200,
    response: UpdatePolicySchema,
  },
  {
    method: 'patch',
    path: `${WS}/updates/policy`,
    summary: 'Set the update policy (manual | patch | minor) and window',
    body: UpdatePolicySchema,
    status: 200,
    response: UpdatePolicySchema,
  },
  {
    method: 'post',
    path: `${PLUGIN}/pin`,
    summary: 'Pin the installed version: no automatic update touches it',
    status: 200,
    response: PinResponseSchema,
    errors: [404],
  },
  {
    method: 'delete',
    path: `${PLUGIN}/pin`,
    summary: 'Unpin the plugin',
    status: 200,
    response: PinResponseSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: `${WS}/installs`,
    summary: 'Install one or more plugins (a bundle) as one task',
    body: InstallRequestSchema,
    status: 202,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: `${WS}/tasks`,
    summary: 'Tasks, newest first, with the active count',
    query: TaskListQuerySchema,
    status: 200,
    response: TaskListSchema,
  },
  {
    method: 'get',
    path: `${WS}/tasks/{taskId}`,
    summary: 'One task',
    status: 200,
    response: TaskSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: `${WS}/tasks/{taskId}/cancel`,
    summary: 'Cancel an active task',
    status: 200,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: `${WS}/tasks/{taskId}`,
    summary: 'Clear one terminal task',
    status: 204,
    response: null,
    errors: [404, 409],
  },
  {
    method: 'post',
    path: `${WS}/tasks/clear`,
    summary: 'Clear every terminal task at once',
    status: 200,
    response: ClearTasksResponseSchema,
  },
]
