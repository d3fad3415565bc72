import { z } from 'zod'
import { TimestampSchema } from '../api/common-schemas.ts'

const JsonObject = z.record(z.string(), z.unknown())

/**
 * One module's configuration as `GET …/plugins/:id/config` answers it. `values` never holds a
 * secret field; `secrets` says, per secret field, whether it is set.
 */
export const ModuleConfigSchema = z.object({
  id: z.string(),
  name: z.string(),
  schema: JsonObject,
  values: JsonObject,
  secrets: z.record(z.string(), z.boolean()),
})
export type ModuleConfig = z.infer<typeof ModuleConfigSchema>

/** A plugin's configuration: every module that has a schema, and the version in force (0: none yet). */
export const PluginConfigSchema = z.object({
  modules: z.array(ModuleConfigSchema),
  version: z.number().int().min(0),
})
export type PluginConfig = z.infer<typeof PluginConfigSchema>

/**
 * `PUT …/plugins/:id/config`: new values per module id. A module left out keeps its values. For a
 * secret field: absent keeps it, `null` clears it, a string replaces it.
 */
export const ConfigUpdateRequestSchema = z.object({
  modules: z.record(z.string(), JsonObject),
})
export type ConfigUpdateRequest = z.infer<typeof ConfigUpdateRequestSchema>

/**
 * `POST …/plugins/:id/config/check`: the same body as a PUT, checked by the same rules, nothing
 * saved. The console's form asks this as you type, so its inline problems are the server's own.
 */
export const ConfigCheckResponseSchema = z.object({ problems: z.array(z.string()) })
export type ConfigCheckResponse = z.infer<typeof ConfigCheckResponseSchema>

/** `POST …/plugins/:id/config/restore`: apply an earlier version again (a new version, a new task). */
export const ConfigRestoreRequestSchema = z.object({ version: z.number().int().min(1) })

export const CONFIG_VERSION_STATUSES = ['pending', 'applied', 'failed', 'discarded'] as const
export const ConfigChangeSchema = z.object({ module: z.string(), field: z.string(), secret: z.boolean() })

/** One version in a plugin's configuration history: who, when, which fields (never a secret's value). */
export const ConfigHistoryEntrySchema = z.object({
  version: z.number().int().min(1),
  status: z.enum(CONFIG_VERSION_STATUSES),
  actor: z.string(),
  at: TimestampSchema,
  reason: z.string(),
  changes: z.array(ConfigChangeSchema),
  taskId: z.string().nullable(),
  /** Whether this is the version the plugin runs with. */
  current: z.boolean(),
})
export type ConfigHistoryEntry = z.infer<typeof ConfigHistoryEntrySchema>

export const ConfigHistorySchema = z.object({ items: z.array(ConfigHistoryEntrySchema) })
export type ConfigHistory = z.infer<typeof ConfigHistorySchema>
