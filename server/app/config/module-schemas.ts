import type { JsonSchema, ModuleValues } from '#core/config/config-fields.ts'
import { defaultValuesOf, secretKeysOf } from '#core/config/config-fields.ts'
import type { PackageInfo } from '#server/app/ports.ts'
import { validateModuleValues } from './config-validator.ts'

/** A module that has settings: its id, its name and its config schema. */
export interface ModuleSchema {
  id: string
  name: string
  schema: JsonSchema
}

/** The modules of a package that declare a config schema, in manifest order. */
export function moduleSchemasOf(pkg: Pick<PackageInfo, 'modules'> | null): ModuleSchema[] {
  return (pkg?.modules ?? []).flatMap((module) =>
    module.configSchema ? [{ id: module.id, name: module.name, schema: module.configSchema }] : [],
  )
}

/**
 * Stored values as a (new) schema sees them: plain values kept, each missing field filled from its
 * default, and every problem that remains (secrets count as given when they are set).
 */
export function valuesUnderSchemas(
  schemas: readonly ModuleSchema[],
  values: Record<string, ModuleValues>,
  sealed: Record<string, Record<string, string>>,
): { values: Record<string, ModuleValues>; problems: string[] } {
  const next: Record<string, ModuleValues> = {}
  const problems: string[] = []
  for (const { id, schema } of schemas) {
    const merged = { ...defaultValuesOf(schema), ...values[id] }
    next[id] = merged
    // A set secret is present for `required`; its own rules were checked when it was typed.
    const present = Object.fromEntries(
      secretKeysOf(schema)
        .filter((key) => sealed[id]?.[key] !== undefined)
        .map((key) => [key, SET_SECRET]),
    )
    problems.push(...validateModuleValues(id, withoutSecretRules(schema), { ...merged, ...present }))
  }
  return { values: next, problems }
}

const SET_SECRET = 'set'

/** The schema with its secret fields reduced to "a string", for checks that cannot see their values. */
function withoutSecretRules(schema: JsonSchema): JsonSchema {
  const secrets = secretKeysOf(schema)
  if (secrets.length === 0) return schema
  const properties = { ...(schema.properties as Record<string, JsonSchema>) }
  for (const key of secrets) properties[key] = { type: 'string' }
  return { ...schema, properties }
}
