import { z } from 'zod'
import { HEALTH_STATUSES, MODULE_STATUSES } from '../plugins/plugin-health.ts'
import { PLUGIN_STATUSES } from '../plugins/plugin-status.ts'
import {
  IdSchema,
  PluginRefSchema,
  pageSchema,
  paginationQuery,
  SemverSchema,
  TimestampSchema,
} from './common-schemas.ts'
import { PluginNodeStatusSchema } from './node-schemas.ts'

export const PluginStatusSchema = z.enum(PLUGIN_STATUSES)
export const HealthStatusSchema = z.enum(HEALTH_STATUSES)
export const ModuleStatusSchema = z.enum(MODULE_STATUSES)

export const ModuleStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: ModuleStatusSchema,
  error: z.string().nullable(),
})
export type ModuleState = z.infer<typeof ModuleStateSchema>

export const PluginSourceSchema = z.object({
  type: z.enum(['marketplace', 'package', 'registry']),
  packageId: z.string().nullable(),
  sha256: z.string().nullable(),
  /** A registry install, resolved once: the source, the package, its integrity and tarball. */
  sourceId: IdSchema.optional(),
  packageName: z.string().optional(),
  integrity: z.string().optional(),
  tarball: z.string().optional(),
  /**
   * A plugin in development (dev mode): registered from a folder on the server's machine, `path`,
   * whose files a reload takes again. Shown as "In development".
   */
  dev: z.literal(true).optional(),
  path: z.string().optional(),
})

/** An upgrade staged beside the running version, waiting for capability approval. */
export const PendingUpgradeSchema = z.object({
  version: SemverSchema,
  addedCapabilities: z.array(z.string()),
  removedCapabilities: z.array(z.string()),
  /** Stored settings the new version's config schemas refuse (`module.field: message`); fix before approving. */
  configProblems: z.array(z.string()).optional(),
})

/** An installed plugin as listed: `id` is the installation's id, `pluginId` the manifest's `org/name`. */
export const PluginSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  pluginId: PluginRefSchema,
  name: z.string(),
  version: SemverSchema,
  description: z.string(),
  author: z.string(),
  icon: z.string().nullable(),
  categories: z.array(z.string()),
  capabilities: z.array(z.string()),
  approvedCapabilities: z.array(z.string()),
  status: PluginStatusSchema,
  health: HealthStatusSchema,
  modules: z.array(ModuleStateSchema),
  source: PluginSourceSchema,
  lastError: z.string().nullable(),
  activeTaskId: z.string().nullable(),
  pendingUpgrade: PendingUpgradeSchema.nullable(),
  revision: z.number().int().min(0),
  installedAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /**
   * Cluster mode: the node that runs the plugin's worker, null when none does. Absent on a single
   * server (PGlite). Answer-only: the API adds it from the placement; stores never write it.
   */
  node: z.string().nullable().optional(),
})
export type Plugin = z.infer<typeof PluginSchema>

/** What the supervisor knows about a running worker. */
export const RuntimeInfoSchema = z.object({
  pid: z.number().int().nullable(),
  startedAt: TimestampSchema.nullable(),
  memoryRss: z.number().int().nullable(),
  restarts: z.object({ consecutive: z.number().int(), total: z.number().int() }),
  lastCrash: z.string().nullable(),
  nextRestartAt: TimestampSchema.nullable(),
  pendingCalls: z.number().int(),
})
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>

export const PluginDetailSchema = PluginSchema.extend({
  runtime: RuntimeInfoSchema.nullable(),
  /** Pinned to its version: no automatic update touches it (docs/api.md, updates). */
  pinned: z.boolean(),
  /** Cluster mode: the node the worker runs on and whether it still answers (null: no node). */
  nodeStatus: PluginNodeStatusSchema.nullable().optional(),
})
export type PluginDetail = z.infer<typeof PluginDetailSchema>

export const PLUGIN_SORTS = ['name', '-name', 'updatedAt', '-updatedAt', 'status'] as const
export type PluginSort = (typeof PLUGIN_SORTS)[number]

export const PluginListQuerySchema = paginationQuery(50, 500).extend({
  q: z.string().trim().max(200).optional(),
  status: PluginStatusSchema.optional(),
  category: z.string().max(100).optional(),
  sort: z.enum(PLUGIN_SORTS).default('name'),
})
export type PluginListQuery = z.infer<typeof PluginListQuerySchema>

/**
 * A page of plugins; an item's `lastError` is its first line only (the detail carries the full text).
 * A search's matches may be counted only up to a cap (a broad `q` at 100,000 plugins would
 * otherwise cost a scan of every match): then `totalCapped` is true and `total` is a lower bound
 * that still reaches past this page, so the next page can be asked for.
 */
export const PluginListSchema = pageSchema(PluginSchema).extend({
  totalCapped: z.boolean().optional(),
})
export type PluginList = z.infer<typeof PluginListSchema>

export const UpgradeRequestSchema = z.strictObject({ version: SemverSchema })

export const UninstallQuerySchema = z.object({
  purge: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
})

/** One transition in a plugin's timeline. */
export const PluginEventSchema = z.object({
  id: z.string(),
  workspaceId: IdSchema,
  pluginId: IdSchema,
  from: PluginStatusSchema.nullable(),
  to: PluginStatusSchema,
  actor: z.string(),
  reason: z.string(),
  at: TimestampSchema,
})
export type PluginEvent = z.infer<typeof PluginEventSchema>

export const PluginEventListSchema = pageSchema(PluginEventSchema)
export type PluginEventList = z.infer<typeof PluginEventListSchema>

/** One health check of a plugin's worker (`GET …/plugins/:id/health`, oldest first, at most 100). */
export const HealthCheckSchema = z.object({
  at: TimestampSchema,
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  message: z.string().nullable(),
  durationMs: z.number().min(0),
})
export type HealthCheck = z.infer<typeof HealthCheckSchema>

export const PluginHealthHistorySchema = z.object({ items: z.array(HealthCheckSchema) })
export type PluginHealthHistory = z.infer<typeof PluginHealthHistorySchema>

/** The tail of a plugin's log (`GET …/plugins/:id/logs`), null when it has none. */
export const PluginLogsSchema = z.object({ text: z.string().nullable() })
export type PluginLogs = z.infer<typeof PluginLogsSchema>
