import { type ErrorSchema, ErrorSchemaBuilder, type ValidatorType } from '@rjsf/utils'

/**
 * The form does not judge values itself: the server checks each draft by its own rules (see
 * `…/config/check`), and its problems come back as the form's `extraErrors`. Ajv in the page would
 * need `new Function`, which the console's Content-Security-Policy forbids.
 */
export const NO_LOCAL_RULES: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
}

/** `greeter.greeting: must …` lines of one module, as errors at their fields (`(root)` on the form). */
export function errorsAtFields(module: string, problems: readonly string[]): ErrorSchema {
  const builder = new ErrorSchemaBuilder()
  for (const problem of problems) {
    const match = /^([^:]+): (.*)$/s.exec(problem)
    if (!match?.[1] || match[1] === module || !match[1].startsWith(`${module}.`)) {
      builder.addErrors(match?.[2] ?? problem)
      continue
    }
    const path = match[1].slice(module.length + 1)
    builder.addErrors(match[2] ?? problem, path === '(root)' ? undefined : path.split('.'))
  }
  return builder.ErrorSchema
}

/** The lines of `problems` that belong to `module`. */
export function problemsOf(module: string, problems: readonly string[]): string[] {
  return problems.filter((problem) => problem.startsWith(`${module}.`) || problem.startsWith(`${module}:`))
}
