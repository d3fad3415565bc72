/**
 * Which fields of a module's config schema are secrets, and what a change touched. Plain functions
 * (no zod) so the SPA's form can use them without loading the API schemas.
 *
 * A field is secret when its schema says `writeOnly: true` or `format: "password"`. Only top-level
 * properties of a module's object schema are looked at: a secret is one value an admin types, not
 * a structure.
 */

export type JsonSchema = Record<string, unknown>
/** Config values of one module. */
export type ModuleValues = Record<string, unknown>

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  const properties = schema.properties
  return properties && typeof properties === 'object' ? (properties as Record<string, JsonSchema>) : {}
}

/** The keys of a module's secret fields, in the schema's order. */
export function secretKeysOf(schema: JsonSchema): string[] {
  return Object.entries(propertiesOf(schema))
    .filter(([, field]) => field?.writeOnly === true || field?.format === 'password')
    .map(([key]) => key)
}

/**
 * The values a module starts with: each top-level property's `default` (secrets never have one
 * that counts: a default secret would be a secret everyone knows).
 */
export function defaultValuesOf(schema: JsonSchema): ModuleValues {
  const secrets = new Set(secretKeysOf(schema))
  const values: ModuleValues = {}
  for (const [key, field] of Object.entries(propertiesOf(schema))) {
    if (!secrets.has(key) && field && 'default' in field)
      values[key] = JSON.parse(JSON.stringify(field.default))
  }
  return values
}

/** One field a configuration change touched; a secret's values are never part of it. */
export interface ConfigChange {
  module: string
  field: string
  secret: boolean
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The fields that differ between two versions of one module: plain values by value, secrets by
 * whether they are set and (when the caller knows it) whether they were replaced.
 */
export function changedFields(
  module: string,
  before: ModuleValues,
  after: ModuleValues,
  secrets: { replaced: readonly string[]; cleared: readonly string[] } = { replaced: [], cleared: [] },
): ConfigChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  const changes: ConfigChange[] = keys
    .filter((key) => !same(before[key], after[key]))
    .map((field) => ({ module, field, secret: false }))
  for (const field of [...new Set([...secrets.replaced, ...secrets.cleared])].sort()) {
    changes.push({ module, field, secret: true })
  }
  return changes
}

/**
 * Replaces every occurrence of a secret value in a text (a plugin's error message may quote what it
 * was given) so that an error shown to admins or stored never carries one.
 */
export function redactSecrets(text: string, secretValues: readonly string[]): string {
  let out = text
  for (const value of secretValues) {
    if (value.length >= 4) out = out.split(value).join('••••')
  }
  return out
}
