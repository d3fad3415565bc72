import { z } from 'zod'
import { IdSchema, PluginRefSchema, SemverSchema, TimestampSchema } from './common-schemas.ts'
import { SourceProblemSchema, VersionTrustSchema } from './source-schemas.ts'

export const VersionJumpSchema = z.enum(['major', 'minor', 'patch', 'prerelease'])

/**
 * An installed plugin with a newer version in its source: everything an admin needs to decide
 * (how big the jump is, which capabilities it asks for, what changed).
 */
export const UpdateSchema = z.object({
  /** The installation's id (as in `…/plugins/:id`). */
  pluginId: IdSchema,
  pluginRef: PluginRefSchema,
  name: z.string(),
  sourceId: IdSchema,
  installedVersion: SemverSchema,
  version: SemverSchema,
  jump: VersionJumpSchema,
  /** Capabilities the new version asks for that were never approved: updating waits for approval. */
  addedCapabilities: z.array(z.string()),
  removedCapabilities: z.array(z.string()),
  /** Modules whose settings schema the new version adds, removes or changes. */
  configChanges: z.array(z.object({ module: z.string(), change: z.enum(['added', 'removed', 'changed']) })),
  /** The changelogs of every version after the installed one up to the offered one, newest first. */
  changelog: z.string().nullable(),
  /** Pinned plugins are listed but no automatic update touches them. */
  pinned: z.boolean(),
  /** The version the workspace's update policy takes by itself (inside its window), or null. */
  policyVersion: SemverSchema.nullable(),
  /** The offered version's signature and provenance, when its source's policy is not `off`. */
  trust: VersionTrustSchema.nullable(),
})
export type Update = z.infer<typeof UpdateSchema>

export const UpdateListSchema = z.object({
  items: z.array(UpdateSchema),
  /** Sources that could not be asked: their plugins' updates are unknown, not absent. */
  problems: z.array(SourceProblemSchema),
  checkedAt: TimestampSchema,
  /**
   * The server's last background check of the sources (null before its first round): when it ran
   * and, when it failed, why. A failed or old check means "up to date" may not be.
   */
  lastCheck: z.object({ at: TimestampSchema, error: z.string().nullable() }).nullable(),
})
export type UpdateList = z.infer<typeof UpdateListSchema>

/** `POST …/updates`: update several at once, one task with one item per plugin. */
export const UpdateRequestSchema = z.strictObject({
  items: z
    .array(z.strictObject({ pluginId: IdSchema, version: SemverSchema }))
    .min(1)
    .max(50)
    .refine((items) => new Set(items.map((item) => item.pluginId)).size === items.length, {
      message: 'each plugin may appear only once',
    }),
})
export type UpdateRequest = z.infer<typeof UpdateRequestSchema>
