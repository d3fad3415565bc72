import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { JsonSchema, ModuleValues } from '#core/config/config-fields.ts'
import {
  CONFIG_AJV_OPTIONS,
  CONFIG_DISPLAY_FORMATS,
  CONFIG_FORMAT_MODE,
} from '#core/config/json-schema-rules.ts'

const ajv = new Ajv({ ...CONFIG_AJV_OPTIONS })
addFormats(ajv, { mode: CONFIG_FORMAT_MODE })
for (const format of CONFIG_DISPLAY_FORMATS) ajv.addFormat(format, true)
const compiled = new WeakMap<JsonSchema, ValidateFunction>()

/** `greeting` or `limits.max` (JSON pointer to dots); the object itself is `(root)`. */
function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (error.keyword === 'required') path.push(String(error.params.missingProperty))
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty))
  return path.join('.') || '(root)'
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required'
  if (error.keyword === 'additionalProperties') return 'is not a known setting'
  return error.message ?? 'is not valid'
}

/**
 * Checks one module's values against its schema; every problem as `<module>.<path>: message`.
 * A schema that does not compile is itself reported (the plugin's author has to fix it).
 */
export function validateModuleValues(module: string, schema: JsonSchema, values: ModuleValues): string[] {
  let validate = compiled.get(schema)
  if (!validate) {
    try {
      validate = ajv.compile(schema)
    } catch (error) {
      return [`${module}: the module's config schema is invalid: ${(error as Error).message}`]
    }
    compiled.set(schema, validate)
  }
  if (validate(values)) return []
  return (validate.errors ?? []).map((error) => `${module}.${fieldOf(error)}: ${messageOf(error)}`)
}
