/**
 * The one set of JSON Schema rules config values are checked with: the server's validator and the
 * console's form build their Ajv instances from these options, so a value the form accepts is a
 * value the server accepts.
 */
export const CONFIG_AJV_OPTIONS = {
  /** Every problem, not only the first: the API lists them all. */
  allErrors: true,
  /** Plugin authors write schemas by hand: unknown keywords are ignored, not fatal. */
  strict: false,
} as const

/** Formats checked on both sides (ajv-formats' "full" mode). */
export const CONFIG_FORMAT_MODE = 'full' as const

/**
 * Formats that only say how to show a field: accepted as any string on both sides (`password`
 * marks a secret, see config-fields.ts).
 */
export const CONFIG_DISPLAY_FORMATS = ['password'] as const
