/** The workspace `/` opens (the one first-run setup creates). */
export const DEFAULT_WORKSPACE = 'default'
