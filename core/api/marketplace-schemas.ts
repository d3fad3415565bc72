import { z } from 'zod'
import { PluginRefSchema, SemverSchema, TimestampSchema } from './common-schemas.ts'

export const CatalogVersionSchema = z.object({
  version: SemverSchema,
  capabilities: z.array(z.string()),
  minHostVersion: SemverSchema.nullable(),
  publishedAt: TimestampSchema.nullable(),
  changelog: z.string().nullable(),
})

/** A plugin the catalog offers, with its versions newest first. A bundle installs several plugins at once. */
export const MarketplaceEntrySchema = z.object({
  pluginId: PluginRefSchema,
  name: z.string(),
  description: z.string(),
  author: z.string(),
  icon: z.string().nullable(),
  categories: z.array(z.string()),
  versions: z.array(CatalogVersionSchema).min(1),
  latestVersion: SemverSchema,
  bundle: z.array(z.object({ pluginId: PluginRefSchema, version: SemverSchema })).nullable(),
})
export type MarketplaceEntry = z.infer<typeof MarketplaceEntrySchema>

export const MarketplaceQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  category: z.string().max(100).optional(),
})
export type MarketplaceQuery = z.infer<typeof MarketplaceQuerySchema>

export const MarketplaceListSchema = z.object({ items: z.array(MarketplaceEntrySchema) })
export type MarketplaceList = z.infer<typeof MarketplaceListSchema>
