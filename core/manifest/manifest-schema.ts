import { z } from 'zod'
import { PluginRefSchema, SemverSchema } from '../api/common-schemas.ts'

/**
 * Bounds the host puts on what a manifest may ask for. A manifest may shorten a deadline or
 * lengthen it up to these limits, never past them.
 */
export const MANIFEST_LIMITS = {
  loadMs: { min: 10, max: 120_000 },
  callMs: { min: 10, max: 300_000 },
  destroyMs: { min: 10, max: 120_000 },
  healthIntervalMs: { min: 100, max: 3_600_000 },
  healthTimeoutMs: { min: 10, max: 60_000 },
  threshold: { min: 1, max: 20 },
} as const

const ms = (limit: { min: number; max: number }) => z.number().int().min(limit.min).max(limit.max)

/** An entry file inside the package: relative, forward slashes, no `..`, a JavaScript file. */
export const EntryPathSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:/.test(path), 'must be a relative path')
  .refine((path) => !path.includes('\\'), 'must use forward slashes')
  .refine((path) => !path.split('/').includes('..'), 'must not contain ".."')
  .refine((path) => /\.(?:m|c)?js$/.test(path), 'must be a .js, .mjs or .cjs file')

/** A JSON Schema describing a module's config; only its shape (an object) is checked here. */
const JsonSchemaObject = z.record(z.string(), z.unknown())

export const ManifestModuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1–64 lowercase letters, digits or -'),
  name: z.string().min(1).max(100),
  type: z.string().min(1).max(50),
  configSchema: JsonSchemaObject.optional(),
})

export const ManifestHealthCheckSchema = z.object({
  intervalMs: ms(MANIFEST_LIMITS.healthIntervalMs).optional(),
  timeoutMs: ms(MANIFEST_LIMITS.healthTimeoutMs).optional(),
  failureThreshold: ms(MANIFEST_LIMITS.threshold).optional(),
  successThreshold: ms(MANIFEST_LIMITS.threshold).optional(),
})

export const ManifestTimeoutsSchema = z.object({
  loadMs: ms(MANIFEST_LIMITS.loadMs).optional(),
  callMs: ms(MANIFEST_LIMITS.callMs).optional(),
  destroyMs: ms(MANIFEST_LIMITS.destroyMs).optional(),
})

/** `plugin.json`, the manifest every plugin package carries at its root (docs/runtime.md). */
export const ManifestSchema = z.object({
  /** The editor's link to the manifest's JSON Schema (sdk/plugin.schema.json); the host ignores it. */
  $schema: z.string().max(2_000).optional(),
  id: PluginRefSchema,
  name: z.string().min(1).max(100),
  version: SemverSchema,
  description: z.string().max(2_000),
  author: z.string().min(1).max(200),
  icon: z.string().max(2_000).nullable().default(null),
  categories: z.array(z.string().min(1).max(50)).max(20),
  capabilities: z
    .array(z.string().regex(/^[a-z][a-z0-9.:_-]{0,99}$/, 'must be a lowercase capability name'))
    .max(50)
    .refine((caps) => new Set(caps).size === caps.length, 'must not repeat a capability'),
  modules: z
    .array(ManifestModuleSchema)
    .min(1)
    .max(50)
    .refine((mods) => new Set(mods.map((m) => m.id)).size === mods.length, 'module ids must be unique'),
  main: EntryPathSchema,
  healthCheck: ManifestHealthCheckSchema.optional(),
  timeouts: ManifestTimeoutsSchema.optional(),
  minHostVersion: SemverSchema,
})
export type Manifest = z.infer<typeof ManifestSchema>

export type ManifestValidation = { ok: true; manifest: Manifest } | { ok: false; problems: string[] }

/** Formats a zod issue path as `modules[0].id`; the document itself is `(root)`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(root)'
}

/** Validates a parsed `plugin.json`; on failure lists every problem as `path: message`. */
export function validateManifest(json: unknown): ManifestValidation {
  const parsed = ManifestSchema.safeParse(json)
  if (parsed.success) return { ok: true, manifest: parsed.data }
  return { ok: false, problems: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) }
}
