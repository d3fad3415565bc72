import {
  type ConfigChange,
  changedFields,
  type JsonSchema,
  secretKeysOf,
} from '#core/config/config-fields.ts'
import type { ModuleConfig } from '#core/config/config-schemas.ts'

/** What the form holds for a module: plain values, typed secrets, and the secrets to clear. */
export interface ModuleDraft {
  values: Record<string, unknown>
  cleared: ReadonlySet<string>
}

/** The PUT body of one module: plain values, each typed secret, `null` for each cleared one. */
export function requestOf(module: ModuleConfig, draft: ModuleDraft): Record<string, unknown> {
  const secrets = new Set(secretKeysOf(module.schema))
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(draft.values)) {
    if (value === undefined) continue
    if (secrets.has(key) && typeof value !== 'string') continue
    body[key] = value
  }
  for (const key of draft.cleared) if (module.secrets[key]) body[key] = null
  return body
}

/** The changes a save would make, as the server will record them (secrets: only that they change). */
export function draftChanges(module: ModuleConfig, draft: ModuleDraft): ConfigChange[] {
  const body = requestOf(module, draft)
  const secrets = secretKeysOf(module.schema)
  const plain = Object.fromEntries(Object.entries(body).filter(([key]) => !secrets.includes(key)))
  return changedFields(module.id, module.values, plain, {
    replaced: secrets.filter((key) => typeof body[key] === 'string'),
    cleared: secrets.filter((key) => body[key] === null),
  })
}

/** The schema the form validates with: a secret that is set (and not being cleared) is not required again. */
export function formSchemaOf(module: ModuleConfig, cleared: ReadonlySet<string>): JsonSchema {
  const required = Array.isArray(module.schema.required) ? (module.schema.required as string[]) : null
  if (!required) return module.schema
  const kept = required.filter((key) => !(module.secrets[key] && !cleared.has(key)))
  return { ...module.schema, required: kept }
}

/** A field's label: its schema title, or its key. */
export function fieldTitle(schema: JsonSchema, field: string): string {
  const property = (schema.properties as Record<string, JsonSchema> | undefined)?.[field]
  return typeof property?.title === 'string' ? property.title : field
}
