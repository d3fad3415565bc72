/**
 * The one set of JSON Schema rules config values are checked with (Ajv on the server). The console's
 * form asks the server to check a draft rather than compiling schemas itself: Ajv compiles
 * validators with `new Function`, which the console's Content-Security-Policy forbids.
 */
export const CONFIG_AJV_OPTIONS = {
  /** Every problem, not only the first: the API lists them all. */
  allErrors: true,
  /** Plugin authors write schemas by hand: unknown keywords are ignored, not fatal. */
  strict: false,
} as const

/** Formats checked (ajv-formats' "full" mode). */
export const CONFIG_FORMAT_MODE = 'full' as const

/**
 * Formats that only say how to show a field: accepted as any string (`password`
 * marks a secret, see config-fields.ts).
 */
export const CONFIG_DISPLAY_FORMATS = ['password'] as const
