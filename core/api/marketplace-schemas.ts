import { z } from 'zod'
import { IdSchema, PluginRefSchema, SemverSchema, TimestampSchema } from './common-schemas.ts'
import { SourceProblemSchema, VersionTrustSchema } from './source-schemas.ts'

export const CatalogVersionSchema = z.object({
  version: SemverSchema,
  capabilities: z.array(z.string()),
  minHostVersion: SemverSchema.nullable(),
  publishedAt: TimestampSchema.nullable(),
  changelog: z.string().nullable(),
  /** Its signature and provenance, when its source's signature policy is not `off`. */
  trust: VersionTrustSchema.nullable().optional(),
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
  /** Where it comes from: `catalog`, or the id of a registry source. */
  sourceId: IdSchema,
  /** The version installed in this workspace, or null. */
  installedVersion: SemverSchema.nullable(),
  /** The registry package's README, when the source has one. */
  readme: z.string().nullable().optional(),
})
export type MarketplaceEntry = z.infer<typeof MarketplaceEntrySchema>

export const MarketplaceQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  category: z.string().max(100).optional(),
  /** Only this source's plugins. */
  sourceId: IdSchema.optional(),
})
export type MarketplaceQuery = z.infer<typeof MarketplaceQuerySchema>

/** Every source's plugins; `problems` names each source that could not answer (the others still do). */
export const MarketplaceListSchema = z.object({
  items: z.array(MarketplaceEntrySchema),
  problems: z.array(SourceProblemSchema),
})
export type MarketplaceList = z.infer<typeof MarketplaceListSchema>

/** An entry as one source knows it, before the marketplace adds where it comes from and what is installed. */
export type CatalogEntry = Omit<MarketplaceEntry, 'sourceId' | 'installedVersion'>
