import { z } from 'zod'
import { IdSchema, PluginRefSchema, SemverSchema } from './common-schemas.ts'

export const InstallItemSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('marketplace'),
    pluginId: PluginRefSchema,
    version: SemverSchema,
    /** The marketplace source (default: the local catalog). */
    sourceId: IdSchema.optional(),
  }),
  z.strictObject({ source: z.literal('package'), packageId: z.string().min(1).max(64) }),
])
export type InstallItem = z.infer<typeof InstallItemSchema>

/** One install task for one or more plugins (a bundle). */
export const InstallRequestSchema = z.strictObject({
  items: z
    .array(InstallItemSchema)
    .min(1)
    .max(20)
    .refine(
      (items) => {
        const keys = items.map((item) => (item.source === 'marketplace' ? item.pluginId : item.packageId))
        return new Set(keys).size === keys.length
      },
      { message: 'each plugin may appear only once' },
    ),
})
export type InstallRequest = z.infer<typeof InstallRequestSchema>
